package app.reclaim.support;

import graphql.GraphQLError;
import graphql.execution.CoercedVariables;
import graphql.introspection.Introspection;
import graphql.language.Argument;
import graphql.language.Document;
import graphql.language.Field;
import graphql.language.FragmentDefinition;
import graphql.language.FragmentSpread;
import graphql.language.InlineFragment;
import graphql.language.IntValue;
import graphql.language.Node;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import graphql.language.VariableReference;
import graphql.schema.GraphQLArgument;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLFieldsContainer;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLType;
import graphql.schema.GraphQLTypeUtil;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Measures one validated operation against {@link GraphQlLimits}: page sizes, depth, expanded field
 * count, cost, and aliases in the document. Each fragment is measured once and its figures reused
 * at every spread, so a fragment that spreads another twice, ten times over, costs this walk ten
 * steps while it is counted as the 1,024 copies execution would produce (graphql-java's
 * QueryTraverser visits a reused fragment only once, which lets such a document through its
 * complexity check).
 */
final class QueryAnalysis {

  /**
   * The children of a Relay connection that repeat per item; the rest (totalCount, pageInfo) do
   * not.
   */
  private static final Set<String> ITEM_FIELDS = Set.of("edges", "nodes");

  private static final Set<String> PAGE_ARGUMENTS = Set.of("first", "last");

  /** Figures saturate here instead of overflowing: anything near it is far over every limit. */
  private static final long CAP = 1L << 40;

  /**
   * Fields and fragments nested this far are refused outright, before the walk could exhaust the
   * stack.
   */
  private static final int MAX_NESTING = 500;

  private final GraphQlLimits limits;
  private final GraphQLSchema schema;
  private final Map<String, FragmentDefinition> fragments;
  private final CoercedVariables variables;
  private final Map<String, Figures> measuredFragments = new HashMap<>();
  private final List<GraphQLError> pageErrors = new ArrayList<>();
  private int nesting;

  private QueryAnalysis(
      GraphQlLimits limits,
      GraphQLSchema schema,
      Map<String, FragmentDefinition> fragments,
      CoercedVariables variables) {
    this.limits = limits;
    this.schema = schema;
    this.fragments = fragments;
    this.variables = variables;
  }

  /**
   * The limits {@code operation} breaks, each as an error with code BAD_USER_INPUT; empty if none.
   */
  static List<GraphQLError> violations(
      GraphQlLimits limits,
      GraphQLSchema schema,
      Document document,
      OperationDefinition operation,
      Map<String, FragmentDefinition> fragments,
      CoercedVariables variables) {
    var analysis = new QueryAnalysis(limits, schema, fragments, variables);
    Figures figures;
    try {
      figures = analysis.selectionSet(operation.getSelectionSet(), rootType(schema, operation));
    } catch (TooDeep e) {
      return List.of(
          QueryLimitsInstrumentation.limitError(
              "depth",
              limits.maxDepth(),
              null,
              "The query nests fields and fragments more than "
                  + MAX_NESTING
                  + " levels deep; the maximum"
                  + " depth is "
                  + limits.maxDepth()
                  + ".",
              null));
    }
    // A page size out of range makes every other figure meaningless: report only that.
    if (!analysis.pageErrors.isEmpty()) {
      return List.copyOf(analysis.pageErrors);
    }
    List<GraphQLError> errors = new ArrayList<>();
    long aliases = countAliases(document);
    if (aliases > limits.maxAliases()) {
      errors.add(
          QueryLimitsInstrumentation.limitError(
              "aliases",
              limits.maxAliases(),
              aliases,
              "The document uses "
                  + aliases
                  + " aliases; the maximum is "
                  + limits.maxAliases()
                  + ".",
              null));
    }
    if (figures.depth > limits.maxDepth()) {
      errors.add(
          QueryLimitsInstrumentation.limitError(
              "depth",
              limits.maxDepth(),
              figures.depth,
              "The query is "
                  + figures.depth
                  + " levels deep; the maximum is "
                  + limits.maxDepth()
                  + ".",
              null));
    }
    if (figures.fields > limits.maxFields()) {
      errors.add(
          QueryLimitsInstrumentation.limitError(
              "fields",
              limits.maxFields(),
              figures.fields,
              "The query selects "
                  + figures.fields
                  + " fields once fragments are expanded; the maximum is "
                  + limits.maxFields()
                  + ".",
              null));
    }
    long cost = figures.cost();
    if (cost > limits.maxCost()) {
      errors.add(
          QueryLimitsInstrumentation.limitError(
              "cost",
              limits.maxCost(),
              cost,
              "The query's estimated cost is "
                  + cost
                  + ", above the budget of "
                  + limits.maxCost()
                  + ": ask for smaller pages (first/last) or fewer nested lists.",
              null));
    }
    return errors;
  }

  /**
   * What a selection set asks for: its depth, its field selections once fragments are expanded, and
   * its cost split into the part that repeats per item of an enclosing page ({@code edges}, {@code
   * nodes}) and the part that is paid once per page.
   */
  private record Figures(long depth, long fields, long perItem, long perPage) {

    static final Figures NONE = new Figures(0, 0, 0, 0);

    Figures plus(Figures other) {
      return new Figures(
          Math.max(depth, other.depth),
          add(fields, other.fields),
          add(perItem, other.perItem),
          add(perPage, other.perPage));
    }

    long cost() {
      return add(perItem, perPage);
    }
  }

  private Figures selectionSet(SelectionSet set, GraphQLType parentType) {
    if (set == null) {
      return Figures.NONE;
    }
    if (++nesting > MAX_NESTING) {
      throw new TooDeep();
    }
    Figures total = Figures.NONE;
    for (Selection<?> selection : set.getSelections()) {
      if (selection instanceof Field field) {
        total = total.plus(field(field, parentType));
      } else if (selection instanceof InlineFragment inline) {
        GraphQLType type =
            inline.getTypeCondition() == null
                ? parentType
                : schema.getType(inline.getTypeCondition().getName());
        total = total.plus(selectionSet(inline.getSelectionSet(), type));
      } else if (selection instanceof FragmentSpread spread) {
        total = total.plus(fragment(spread.getName()));
      }
    }
    nesting--;
    return total;
  }

  private Figures fragment(String name) {
    Figures measured = measuredFragments.get(name);
    if (measured == null) {
      FragmentDefinition definition = fragments.get(name);
      measured =
          definition == null
              ? Figures.NONE
              : selectionSet(
                  definition.getSelectionSet(),
                  schema.getType(definition.getTypeCondition().getName()));
      measuredFragments.put(name, measured);
    }
    return measured;
  }

  private Figures field(Field field, GraphQLType parentType) {
    GraphQLFieldDefinition definition = fieldDefinition(parentType, field.getName());
    GraphQLType type = definition == null ? null : GraphQLTypeUtil.unwrapAll(definition.getType());
    Figures children = selectionSet(field.getSelectionSet(), type);
    Long pageSize = pageSize(field, definition);
    long cost;
    if (pageSize == null) {
      cost = add(1, children.cost());
    } else if (children.perItem > 0) {
      cost = add(1, add(multiply(pageSize, children.perItem), children.perPage));
    } else {
      cost = add(1, multiply(pageSize, children.perPage));
    }
    boolean item = ITEM_FIELDS.contains(field.getName());
    return new Figures(
        add(1, children.depth), add(1, children.fields), item ? cost : 0, item ? 0 : cost);
  }

  /**
   * The page a paged field asks for: the larger of {@code first}/{@code last} as sent (literal or
   * variable), else the schema's default, else the maximum page size the resolver may fall back to.
   * Null for fields that take no page argument. Values out of range are recorded as errors.
   */
  private Long pageSize(Field field, GraphQLFieldDefinition definition) {
    Long size = null;
    boolean paged = false;
    for (String name : PAGE_ARGUMENTS) {
      GraphQLArgument declared = definition == null ? null : definition.getArgument(name);
      Argument sent =
          field.getArguments().stream()
              .filter(a -> a.getName().equals(name))
              .findFirst()
              .orElse(null);
      if (declared == null && sent == null) {
        continue;
      }
      paged = true;
      Long value = sent != null ? valueOf(sent.getValue()) : defaultOf(declared);
      if (value != null && (value < 0 || value > limits.maxPageSize())) {
        pageErrors.add(
            QueryLimitsInstrumentation.limitError(
                "pageSize",
                limits.maxPageSize(),
                value,
                "Field '"
                    + field.getName()
                    + "' asks for "
                    + name
                    + ": "
                    + value
                    + "; "
                    + name
                    + " must be between 0 and "
                    + limits.maxPageSize()
                    + ".",
                field.getSourceLocation()));
      }
      if (value != null) {
        size = size == null ? value : Math.max(size, value);
      }
    }
    if (!paged) {
      return null;
    }
    return size == null ? limits.maxPageSize() : Math.max(0, size);
  }

  private Long valueOf(Object value) {
    if (value instanceof IntValue literal) {
      return saturate(literal.getValue());
    }
    if (value instanceof VariableReference variable) {
      return variables.get(variable.getName()) instanceof Number number ? number.longValue() : null;
    }
    return null;
  }

  private static Long defaultOf(GraphQLArgument argument) {
    if (argument == null || !argument.hasSetDefaultValue()) {
      return null;
    }
    Object value = argument.getArgumentDefaultValue().getValue();
    if (value instanceof IntValue literal) {
      return saturate(literal.getValue());
    }
    return value instanceof Number number ? number.longValue() : null;
  }

  private GraphQLFieldDefinition fieldDefinition(GraphQLType parentType, String name) {
    if (Introspection.TypeNameMetaFieldDef.getName().equals(name)) {
      return Introspection.TypeNameMetaFieldDef;
    }
    if (parentType == schema.getQueryType()) {
      if (Introspection.SchemaMetaFieldDef.getName().equals(name)) {
        return Introspection.SchemaMetaFieldDef;
      }
      if (Introspection.TypeMetaFieldDef.getName().equals(name)) {
        return Introspection.TypeMetaFieldDef;
      }
    }
    return parentType instanceof GraphQLFieldsContainer container
        ? container.getFieldDefinition(name)
        : null;
  }

  private static GraphQLType rootType(GraphQLSchema schema, OperationDefinition operation) {
    return switch (operation.getOperation()) {
      case MUTATION -> schema.getMutationType();
      case SUBSCRIPTION -> schema.getSubscriptionType();
      default -> schema.getQueryType();
    };
  }

  /** Aliased fields written anywhere in the document, without expanding fragments. */
  static long countAliases(Document document) {
    long aliases = 0;
    var pending = new ArrayDeque<Node<?>>();
    document.getDefinitions().forEach(pending::push);
    while (!pending.isEmpty()) {
      Node<?> node = pending.pop();
      if (node instanceof Field field && field.getAlias() != null) {
        aliases++;
      }
      if (node instanceof Field
          || node instanceof SelectionSet
          || node instanceof InlineFragment
          || node instanceof OperationDefinition
          || node instanceof FragmentDefinition) {
        node.getChildren().forEach(pending::push);
      }
    }
    return aliases;
  }

  private static long saturate(java.math.BigInteger value) {
    return value.bitLength() < 63 ? value.longValue() : (value.signum() < 0 ? -CAP : CAP);
  }

  private static long add(long a, long b) {
    return Math.min(CAP, a + b);
  }

  private static long multiply(long a, long b) {
    return a != 0 && b > CAP / a ? CAP : Math.min(CAP, a * b);
  }

  private static final class TooDeep extends RuntimeException {
    TooDeep() {
      super(null, null, false, false);
    }
  }
}

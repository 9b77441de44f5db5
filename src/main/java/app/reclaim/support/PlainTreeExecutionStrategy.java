package app.reclaim.support;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import graphql.execution.AsyncExecutionStrategy;
import graphql.execution.DataFetcherExceptionHandler;
import graphql.execution.DataFetcherResult;
import graphql.execution.DefaultValueUnboxer;
import graphql.execution.ExecutionContext;
import graphql.execution.ExecutionStrategyParameters;
import graphql.execution.FieldCollectorParameters;
import graphql.execution.MergedField;
import graphql.execution.MergedSelectionSet;
import graphql.execution.ResultNodesInfo;
import graphql.introspection.Introspection;
import graphql.language.Directive;
import graphql.language.Field;
import graphql.language.FragmentDefinition;
import graphql.language.FragmentSpread;
import graphql.language.InlineFragment;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import graphql.language.TypeName;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.GraphQLEnumType;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLList;
import graphql.schema.GraphQLNonNull;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLOutputType;
import graphql.schema.GraphQLScalarType;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLType;
import graphql.schema.GraphQLTypeUtil;
import graphql.util.FpKit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * graphql-java's query strategy with one shortcut: an object whose whole selection below it is
 * answered by plain accessors ({@link AccessorDataFetchers}: records and getters, no controller, no
 * batch loader) is completed in one pass, field by field, into the same map graphql-java would
 * build. graphql-java's own completion creates, per field, an execution step, a result path, a
 * non-null validator, parameters, a value info and a future, and collects the object's fields again
 * for every object of a list: on a 50-user page (350 fields) that was half of the server's time
 * (bench/run.sh, JFR).
 *
 * <p>The shortcut is taken only for an operation every field of which, below the root fields, is
 * such an accessor or {@code __typename}, on object types only, with no directive but
 * {@code @skip}/{@code @include} (decided once per parsed operation), and only without a
 * result-node limit in the context. Whenever a value needs anything graphql-java does beyond
 * copying it — a null in a non-null position, an accessor that throws, a future, a {@link
 * DataFetcherResult}, a value that is not a list where one is declared, a scalar that does not
 * serialize — the object is handed back to graphql-java as it was and completed there, so errors,
 * null bubbling and paths are graphql-java's own. Accessors read and do not change anything, so
 * reading a value twice answers the same.
 */
final class PlainTreeExecutionStrategy extends AsyncExecutionStrategy {

  /** Thrown inside the shortcut to hand an object back to graphql-java; carries no stack. */
  private static final class Unplain extends RuntimeException {
    Unplain() {
      super(null, null, false, false);
    }
  }

  private static final Unplain UNPLAIN = new Unplain();

  /** An accessor that needs the full environment goes back to graphql-java, which has one. */
  private static final Supplier<DataFetchingEnvironment> NO_ENVIRONMENT =
      () -> {
        throw UNPLAIN;
      };

  private static final Set<String> CONDITIONS = Set.of("skip", "include");

  /**
   * Classes whose values are final as they come: none of what graphql-java awaits or unwraps (a
   * future, a {@link DataFetcherResult}, a publisher) nor what its default unboxer changes (an
   * {@code Optional}, a primitive array). Decided once per class instead of four interface checks
   * and an unboxer call per value.
   */
  private static final ClassValue<Boolean> SETTLED =
      new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
          return !DataFetcherResult.class.isAssignableFrom(type)
              && !CompletionStage.class.isAssignableFrom(type)
              && !org.reactivestreams.Publisher.class.isAssignableFrom(type)
              && !java.util.concurrent.Flow.Publisher.class.isAssignableFrom(type)
              && !java.util.Optional.class.isAssignableFrom(type)
              && type != java.util.OptionalInt.class
              && type != java.util.OptionalLong.class
              && type != java.util.OptionalDouble.class
              && !type.isArray();
        }
      };

  private final Cache<OperationDefinition, Boolean> verdicts =
      Caffeine.newBuilder().weakKeys().maximumSize(10_000).build();
  private final LongAdder completed = new LongAdder();

  PlainTreeExecutionStrategy(DataFetcherExceptionHandler exceptionHandler) {
    super(exceptionHandler);
  }

  /** Objects completed by the shortcut so far (each with everything below it). */
  long objectsCompleted() {
    return completed.sum();
  }

  @Override
  protected Object completeValueForObject(
      ExecutionContext context,
      ExecutionStrategyParameters parameters,
      GraphQLObjectType type,
      Object result) {
    if (parameters.isInDeferredContext()
        || context.getGraphQLContext().get(ResultNodesInfo.MAX_RESULT_NODES) != null
        || !verdicts.get(context.getOperationDefinition(), op -> plain(context, op))) {
      return super.completeValueForObject(context, parameters, type, result);
    }
    try {
      Object map = new Tree(context).object(parameters.getField(), type, result);
      completed.increment();
      return map;
    } catch (Unplain unplain) {
      return super.completeValueForObject(context, parameters, type, result);
    }
  }

  // --- the verdict: is everything below the root fields plain? ----------------------------------

  private static boolean plain(ExecutionContext context, OperationDefinition operation) {
    GraphQLSchema schema = context.getGraphQLSchema();
    GraphQLObjectType root =
        switch (operation.getOperation()) {
          case QUERY -> schema.getQueryType();
          case MUTATION -> schema.getMutationType();
          default -> null;
        };
    return root != null
        && plainSelection(context, root, operation.getSelectionSet(), true, new ArrayList<>());
  }

  /**
   * Whether every field of {@code selection} on {@code type} is plain: at the root any field whose
   * object value's selection is plain; below it only accessors and {@code __typename}.
   */
  private static boolean plainSelection(
      ExecutionContext context,
      GraphQLObjectType type,
      SelectionSet selection,
      boolean root,
      List<String> fragmentsOnPath) {
    for (Selection<?> item : selection.getSelections()) {
      boolean plain;
      if (item instanceof Field field) {
        plain = plainField(context, type, field, root, fragmentsOnPath);
      } else if (item instanceof InlineFragment inline) {
        plain =
            conditionsOnly(inline.getDirectives())
                && sameType(inline.getTypeCondition(), type)
                && plainSelection(context, type, inline.getSelectionSet(), root, fragmentsOnPath);
      } else if (item instanceof FragmentSpread spread) {
        FragmentDefinition fragment = context.getFragmentsByName().get(spread.getName());
        plain =
            fragment != null
                && !fragmentsOnPath.contains(spread.getName())
                && conditionsOnly(spread.getDirectives())
                && conditionsOnly(fragment.getDirectives())
                && sameType(fragment.getTypeCondition(), type);
        if (plain) {
          fragmentsOnPath.add(spread.getName());
          plain = plainSelection(context, type, fragment.getSelectionSet(), root, fragmentsOnPath);
          fragmentsOnPath.remove(fragmentsOnPath.size() - 1);
        }
      } else {
        plain = false;
      }
      if (!plain) {
        return false;
      }
    }
    return true;
  }

  private static boolean plainField(
      ExecutionContext context,
      GraphQLObjectType type,
      Field field,
      boolean root,
      List<String> fragmentsOnPath) {
    if (!conditionsOnly(field.getDirectives())) {
      return false;
    }
    if (Introspection.TypeNameMetaFieldDef.getName().equals(field.getName())) {
      return field.getSelectionSet() == null;
    }
    GraphQLFieldDefinition definition = definition(context.getGraphQLSchema(), type, field);
    if (definition == null
        || !root
            && !(context.getGraphQLSchema().getCodeRegistry().getDataFetcher(type, definition)
                instanceof AccessorDataFetchers.Accessor)) {
      return false;
    }
    GraphQLType unwrapped = GraphQLTypeUtil.unwrapAll(definition.getType());
    if (field.getSelectionSet() == null) {
      return unwrapped instanceof GraphQLScalarType || unwrapped instanceof GraphQLEnumType;
    }
    return unwrapped instanceof GraphQLObjectType object
        && plainSelection(context, object, field.getSelectionSet(), false, fragmentsOnPath);
  }

  private static GraphQLFieldDefinition definition(
      GraphQLSchema schema, GraphQLObjectType type, Field field) {
    try {
      return Introspection.getFieldDefinition(schema, type, field.getName());
    } catch (RuntimeException unknown) {
      return null;
    }
  }

  private static boolean conditionsOnly(List<Directive> directives) {
    for (Directive directive : directives) {
      if (!CONDITIONS.contains(directive.getName())) {
        return false;
      }
    }
    return true;
  }

  private static boolean sameType(TypeName condition, GraphQLObjectType type) {
    return condition == null || condition.getName().equals(type.getName());
  }

  // --- the shortcut ------------------------------------------------------------------------------

  /** One object's fields as graphql-java collects them (fragments merged, skip/include applied). */
  private record Plan(
      GraphQLObjectType type,
      String[] keys,
      MergedField[] fields,
      GraphQLFieldDefinition[] definitions,
      AccessorDataFetchers.Accessor[] accessors) {}

  /** One shortcut completion: plans are made once per field of the document and object type. */
  private final class Tree {
    private final ExecutionContext context;
    private final Map<Field, Plan> plans = new IdentityHashMap<>();

    private final boolean defaultUnboxer;

    Tree(ExecutionContext context) {
      this.context = context;
      this.defaultUnboxer = context.getValueUnboxer().getClass() == DefaultValueUnboxer.class;
    }

    Map<String, Object> object(MergedField field, GraphQLObjectType type, Object source) {
      Plan plan = plan(field, type);
      Map<String, Object> out = new LinkedHashMap<>(plan.keys().length * 4 / 3 + 1);
      for (int i = 0; i < plan.keys().length; i++) {
        GraphQLFieldDefinition definition = plan.definitions()[i];
        if (definition == null) {
          out.put(plan.keys()[i], type.getName());
          continue;
        }
        Object raw;
        try {
          raw = plan.accessors()[i].get(definition, source, NO_ENVIRONMENT);
        } catch (Exception e) {
          throw UNPLAIN;
        }
        out.put(plan.keys()[i], value(definition.getType(), raw, plan.fields()[i]));
      }
      return out;
    }

    private Object value(GraphQLOutputType declared, Object raw, MergedField field) {
      Object value;
      if (raw == null || defaultUnboxer && SETTLED.get(raw.getClass())) {
        value = raw; // as graphql-java's default unboxer would leave it
      } else if (raw instanceof DataFetcherResult<?>
          || raw instanceof CompletionStage<?>
          || raw instanceof org.reactivestreams.Publisher<?>
          || raw instanceof java.util.concurrent.Flow.Publisher<?>) {
        throw UNPLAIN;
      } else {
        value = context.getValueUnboxer().unbox(raw);
      }
      boolean nonNull = declared instanceof GraphQLNonNull;
      GraphQLType type = nonNull ? ((GraphQLNonNull) declared).getWrappedType() : declared;
      if (value == null) {
        if (nonNull) {
          throw UNPLAIN;
        }
        return null;
      }
      Object out;
      if (type instanceof GraphQLList list) {
        if (!FpKit.isIterable(value)) {
          throw UNPLAIN;
        }
        Iterable<Object> items = FpKit.toIterable(value);
        List<Object> values =
            new ArrayList<>(items instanceof Collection<?> known ? known.size() : 16);
        GraphQLOutputType itemType = (GraphQLOutputType) list.getWrappedType();
        for (Object item : items) {
          values.add(value(itemType, item, field));
        }
        out = values;
      } else if (type instanceof GraphQLScalarType scalar) {
        try {
          out =
              scalar
                  .getCoercing()
                  .serialize(value, context.getGraphQLContext(), context.getLocale());
        } catch (RuntimeException e) {
          throw UNPLAIN;
        }
      } else if (type instanceof GraphQLEnumType enumType) {
        try {
          out = enumType.serialize(value, context.getGraphQLContext(), context.getLocale());
        } catch (RuntimeException e) {
          throw UNPLAIN;
        }
      } else if (type instanceof GraphQLObjectType object) {
        out = object(field, object, value);
      } else {
        throw UNPLAIN;
      }
      if (out == null && nonNull) {
        throw UNPLAIN;
      }
      return out;
    }

    private Plan plan(MergedField field, GraphQLObjectType type) {
      Plan known = plans.get(field.getSingleField());
      if (known != null && known.type() == type) {
        return known;
      }
      FieldCollectorParameters parameters =
          FieldCollectorParameters.newParameters()
              .schema(context.getGraphQLSchema())
              .objectType(type)
              .fragments(context.getFragmentsByName())
              .variables(context.getCoercedVariables().toMap())
              .graphQLContext(context.getGraphQLContext())
              .build();
      MergedSelectionSet selected = fieldCollector.collectFields(parameters, field, false);
      List<String> keys = selected.getKeys();
      int n = keys.size();
      Plan plan =
          new Plan(
              type,
              keys.toArray(String[]::new),
              new MergedField[n],
              new GraphQLFieldDefinition[n],
              new AccessorDataFetchers.Accessor[n]);
      for (int i = 0; i < n; i++) {
        MergedField sub = selected.getSubField(keys.get(i));
        plan.fields()[i] = sub;
        if (Introspection.TypeNameMetaFieldDef.getName().equals(sub.getName())) {
          continue; // definition null: the object's type name
        }
        GraphQLFieldDefinition definition =
            definition(context.getGraphQLSchema(), type, sub.getSingleField());
        if (definition == null
            || !(context.getGraphQLSchema().getCodeRegistry().getDataFetcher(type, definition)
                instanceof AccessorDataFetchers.Accessor accessor)) {
          throw UNPLAIN;
        }
        plan.definitions()[i] = definition;
        plan.accessors()[i] = accessor;
      }
      plans.put(field.getSingleField(), plan);
      return plan;
    }
  }
}

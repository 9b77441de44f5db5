package app.reclaim.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.ValueNode;
import com.unboundid.scim2.common.Path;
import com.unboundid.scim2.common.filters.Filter;
import com.unboundid.scim2.common.filters.FilterType;
import com.unboundid.scim2.common.types.AttributeDefinition;
import com.unboundid.scim2.common.types.AttributeDefinition.Type;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Text as filters compare it: in Unicode NFC, and, for string attributes that are not caseExact,
 * lower-cased and in NFC again, exactly as the name claims' key folds a userName. Both sides are
 * folded (the filter once, each candidate resource as it is evaluated), so {@code userName eq}
 * finds a user whichever normalization form and case either side uses, and never disagrees with the
 * uniqueness check. The SDK's evaluator then compares the folded strings as before. A filter value
 * that is not Unicode text or holds a control character is refused (400 invalidFilter): no stored
 * value can hold one.
 */
final class FilterText {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private FilterText() {}

  static Filter filter(ResourceKind kind, Filter filter) {
    return filter == null ? null : fold(kind, null, filter);
  }

  /** A folded copy of {@code resource} to evaluate filters against (never returned to clients). */
  static JsonNode resource(ResourceKind kind, JsonNode resource) {
    if (!(resource instanceof ObjectNode object)) {
      return resource;
    }
    ObjectNode out = object.deepCopy();
    foldFields(out, ScimSchemas.core(kind).getAttributes());
    if (out.get(ScimSchemas.ENTERPRISE) instanceof ObjectNode extension) {
      foldFields(extension, ScimSchemas.ENTERPRISE_SCHEMA.getAttributes());
    }
    return out;
  }

  static String fold(String text, AttributeDefinition def) {
    String nfc = Normalizer.normalize(text, Normalizer.Form.NFC);
    if (def == null || def.getType() != Type.STRING || def.isCaseExact()) {
      return nfc;
    }
    return Normalizer.normalize(nfc.toLowerCase(Locale.ROOT), Normalizer.Form.NFC);
  }

  private static Filter fold(ResourceKind kind, Path parent, Filter filter) {
    switch (filter.getFilterType()) {
      case AND, OR -> {
        List<Filter> parts = new ArrayList<>();
        filter.getCombinedFilters().forEach(f -> parts.add(fold(kind, parent, f)));
        return filter.getFilterType() == FilterType.AND ? Filter.and(parts) : Filter.or(parts);
      }
      case NOT -> {
        return Filter.not(fold(kind, parent, filter.getInvertedFilter()));
      }
      case COMPLEX_VALUE -> {
        Path path = filter.getAttributePath();
        Path inner = parent == null ? path : parent.attribute(path);
        return Filter.hasComplexValue(path, fold(kind, inner, filter.getValueFilter()));
      }
      case PRESENT -> {
        return filter;
      }
      default -> {
        return comparison(kind, parent, filter);
      }
    }
  }

  private static Filter comparison(ResourceKind kind, Path parent, Filter filter) {
    ValueNode value = filter.getComparisonValue();
    if (value == null || !value.isTextual()) {
      return filter;
    }
    Path path = filter.getAttributePath();
    String problem = ScimText.problem(value.asText(), false);
    if (problem != null) {
      throw ScimError.badRequest("invalidFilter", "the filter's value for " + path + " " + problem);
    }
    AttributeDefinition def =
        valueOf(ScimSchemas.definition(kind, parent == null ? path : parent.attribute(path)));
    ValueNode folded = JSON.textNode(fold(value.asText(), def));
    return switch (filter.getFilterType()) {
      case EQUAL -> Filter.eq(path, folded);
      case NOT_EQUAL -> Filter.ne(path, folded);
      case CONTAINS -> Filter.co(path, folded);
      case STARTS_WITH -> Filter.sw(path, folded);
      case ENDS_WITH -> Filter.ew(path, folded);
      case GREATER_THAN -> Filter.gt(path, folded);
      case GREATER_OR_EQUAL -> Filter.ge(path, folded);
      case LESS_THAN -> Filter.lt(path, folded);
      case LESS_OR_EQUAL -> Filter.le(path, folded);
      default -> filter;
    };
  }

  /** {@code emails eq "…"} compares the {@code value} sub-attribute (RFC 7644 §3.4.2.2). */
  private static AttributeDefinition valueOf(AttributeDefinition def) {
    if (def != null && def.getType() == Type.COMPLEX) {
      return ScimSchemas.find(def.getSubAttributes(), "value");
    }
    return def;
  }

  private static void foldFields(ObjectNode node, Collection<AttributeDefinition> attributes) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    for (String name : names) {
      node.set(name, folded(node.get(name), ScimSchemas.find(attributes, name)));
    }
  }

  private static JsonNode folded(JsonNode value, AttributeDefinition def) {
    if (value.isTextual()) {
      return JSON.textNode(fold(value.asText(), def));
    }
    if (value instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        array.set(i, folded(array.get(i), def));
      }
    } else if (value instanceof ObjectNode object && def != null) {
      foldFields(object, def.getSubAttributes());
    }
    return value;
  }
}

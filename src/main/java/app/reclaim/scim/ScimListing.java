package app.reclaim.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.Path;
import com.unboundid.scim2.common.exceptions.ScimException;
import com.unboundid.scim2.common.filters.AndFilter;
import com.unboundid.scim2.common.filters.EqualFilter;
import com.unboundid.scim2.common.filters.Filter;
import com.unboundid.scim2.common.types.AttributeDefinition;
import com.unboundid.scim2.common.utils.FilterEvaluator;
import com.unboundid.scim2.common.utils.JsonUtils;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * List/query (RFC 7644 §3.4.2): the SDK parses the filter and evaluates it in memory against the
 * representation (with our schemas' caseExact), equality on the unique name or on id is served by
 * one key read; results are ordered by {@code sortBy} then id (ids are time-ordered, so the default
 * order is creation order, stable across pages while users are added), then paged by {@code
 * startIndex}/{@code count}.
 */
@Component
class ScimListing {

  static final int DEFAULT_COUNT = 100;
  static final int MAX_COUNT = 1000;

  private final ScimRepository repository;
  private final NameClaims claims;

  ScimListing(ScimRepository repository, NameClaims claims) {
    this.repository = repository;
    this.claims = claims;
  }

  record Query(
      String filter,
      String sortBy,
      String sortOrder,
      Integer startIndex,
      Integer count,
      List<String> attributes,
      List<String> excludedAttributes) {}

  record Result(int total, int startIndex, List<ObjectNode> resources) {}

  Result list(String orgId, ResourceKind kind, Query q, String baseUrl) {
    Filter parsed = parse(kind, q.filter());
    Filter filter = FilterText.filter(kind, parsed);
    Comparator<ObjectNode> order =
        order(kind, q.sortBy(), "descending".equalsIgnoreCase(q.sortOrder()));
    int start = q.startIndex() == null || q.startIndex() < 1 ? 1 : q.startIndex();
    int count = q.count() == null ? DEFAULT_COUNT : Math.max(0, Math.min(MAX_COUNT, q.count()));
    // Key lookups with the value as sent: a claim from before the NFC rule has that spelling's key.
    List<StoredResource> candidates = candidates(orgId, kind, parsed);
    boolean members =
        kind == ResourceKind.GROUP
            && (Representation.wantsMembers(q.attributes(), q.excludedAttributes())
                || mentionsMembers(q.filter()));
    List<ObjectNode> matched = new ArrayList<>();
    for (StoredResource r : candidates) {
      ObjectNode node =
          Representation.of(r, members ? repository.members(orgId, r.id()) : null, baseUrl);
      if (filter == null || matches(kind, filter, node)) {
        matched.add(node);
      }
    }
    matched.sort(order);
    List<ObjectNode> page = new ArrayList<>();
    for (int i = start - 1; i < matched.size() && page.size() < count; i++) {
      page.add(Representation.project(matched.get(i), q.attributes(), q.excludedAttributes()));
    }
    return new Result(matched.size(), start, page);
  }

  static Filter parse(ResourceKind kind, String filter) {
    if (filter == null || filter.isBlank()) {
      return null;
    }
    RequestLimits.check("invalidFilter", "the filter", filter, RequestLimits.FILTER);
    String rewritten = EntraManagerForms.rewriteFilter(EntraWorkEmailFilter.rewrite(filter));
    return QualifiedNames.local(kind, ParseErrors.filter(filter, rewritten));
  }

  /**
   * Key reads for {@code id eq} and {@code <uniqueName> eq} (alone or inside an and; qualified
   * names arrive here without the core URN); else all.
   */
  private List<StoredResource> candidates(String orgId, ResourceKind kind, Filter filter) {
    Optional<List<StoredResource>> direct = direct(orgId, kind, filter);
    return direct.orElseGet(() -> repository.all(orgId, kind));
  }

  private Optional<List<StoredResource>> direct(String orgId, ResourceKind kind, Filter filter) {
    if (filter instanceof EqualFilter eq
        && eq.getComparisonValue() != null
        && eq.getComparisonValue().isTextual()
        && eq.getAttributePath().getSchemaUrn() == null
        && eq.getAttributePath().size() == 1) {
      String attribute = eq.getAttributePath().getLastElement().getAttribute();
      String value = eq.getComparisonValue().asText();
      if (attribute.equalsIgnoreCase("id")) {
        return Optional.of(repository.find(orgId, kind, value).stream().toList());
      }
      if (attribute.equalsIgnoreCase(kind.uniqueAttribute())) {
        return Optional.of(
            claims
                .holder(orgId, kind, value)
                .flatMap(id -> repository.find(orgId, kind, id))
                .stream()
                .toList());
      }
    }
    if (filter instanceof AndFilter and) {
      for (Filter part : and.getCombinedFilters()) {
        Optional<List<StoredResource>> d = direct(orgId, kind, part);
        if (d.isPresent()) {
          return d;
        }
      }
    }
    return Optional.empty();
  }

  static boolean matches(ResourceKind kind, Filter filter, JsonNode node) {
    try {
      return filter.visit(new SchemaAwareEvaluator(kind), FilterText.resource(kind, node));
    } catch (ScimException e) {
      throw ScimError.badRequest("invalidFilter", e.getMessage());
    }
  }

  private static boolean mentionsMembers(String filter) {
    return filter != null && filter.toLowerCase().contains("members");
  }

  private static Comparator<ObjectNode> order(
      ResourceKind kind, String sortBy, boolean descending) {
    Comparator<ObjectNode> byId = Comparator.comparing(n -> n.path("id").asText());
    if (sortBy == null || sortBy.isBlank()) {
      return descending ? byId.reversed() : byId;
    }
    RequestLimits.check("invalidPath", "sortBy", sortBy, RequestLimits.PATH);
    Path path = QualifiedNames.local(kind, ParseErrors.path("sortBy", sortBy, sortBy, 0));
    AttributeDefinition def = ScimSchemas.definition(kind, path);
    Comparator<ObjectNode> byValue =
        (a, b) -> {
          JsonNode x = first(path, a);
          JsonNode y = first(path, b);
          if (x == null || y == null) {
            return x == y
                ? 0
                : x == null ? 1 : -1; // unassigned values sort last (RFC 7644 §3.4.2.3)
          }
          return JsonUtils.compareTo(x, y, def);
        };
    Comparator<ObjectNode> sorted = descending ? byValue.reversed() : byValue;
    return sorted.thenComparing(byId);
  }

  private static JsonNode first(Path path, ObjectNode node) {
    try {
      JsonNode value = JsonUtils.getValue(path, node);
      if (value == null || value.isNull() || value.isMissingNode()) {
        return null;
      }
      if (value.isArray()) {
        for (JsonNode v : value) {
          if (v.path("primary").asBoolean(false)) {
            return v.has("value") ? v.get("value") : v;
          }
        }
        return value.isEmpty()
            ? null
            : value.get(0).has("value") ? value.get(0).get("value") : value.get(0);
      }
      return value;
    } catch (ScimException e) {
      return null;
    }
  }

  /** The SDK's evaluator with our schemas' attribute metadata (caseExact, types). */
  static final class SchemaAwareEvaluator extends FilterEvaluator {
    private final ResourceKind kind;

    SchemaAwareEvaluator(ResourceKind kind) {
      this.kind = kind;
    }

    @Override
    protected AttributeDefinition getAttributeDefinition(Path path) {
      return ScimSchemas.definition(kind, path);
    }
  }
}

package app.reclaim.scim;

import com.unboundid.scim2.common.Path;
import com.unboundid.scim2.common.filters.Filter;
import java.util.List;

/**
 * Fully qualified attribute names (RFC 7644 §3.10: {@code urn:…:core:2.0:User:userName} is {@code
 * userName}; RFC 7643 §2.1: schema URNs are case-insensitive) brought to the form the stored
 * representation has. The SDK reads a URN as the key of an extension object, which the core schema
 * is not: a filter on the qualified core name matched nothing and a PATCH of it wrote a stray
 * object. So the resource's core URN is dropped, and an extension URN takes its canonical case (a
 * PATCH of {@code URN:…:ENTERPRISE:…} would otherwise add a second extension object).
 */
final class QualifiedNames {

  private QualifiedNames() {}

  /** {@code path} without the core URN of {@code kind}, with a known extension URN canonical. */
  static Path local(ResourceKind kind, Path path) {
    String urn = path.getSchemaUrn();
    if (urn == null) {
      return path;
    }
    Path out;
    if (urn.equalsIgnoreCase(kind.coreSchema)) {
      out = Path.root();
    } else if (ScimSchemas.isExtensionOf(kind, urn)) {
      out = Path.root(ScimSchemas.byUrn(urn).getId());
    } else {
      return path;
    }
    for (Path.Element element : path) {
      out = out.attribute(element.getAttribute(), element.getValueFilter());
    }
    return out;
  }

  /** Every attribute path of {@code filter} made {@link #local(ResourceKind, Path)}. */
  static Filter local(ResourceKind kind, Filter filter) {
    switch (filter.getFilterType()) {
      case AND:
        return Filter.and(each(kind, filter.getCombinedFilters()));
      case OR:
        return Filter.or(each(kind, filter.getCombinedFilters()));
      case NOT:
        return Filter.not(local(kind, filter.getInvertedFilter()));
      case COMPLEX_VALUE:
        // The inner filter's paths are relative to the multi-valued attribute: no URN there.
        return Filter.complex(local(kind, filter.getAttributePath()), filter.getValueFilter());
      case PRESENT:
        return Filter.pr(local(kind, filter.getAttributePath()));
      default:
        return comparison(kind, filter);
    }
  }

  private static List<Filter> each(ResourceKind kind, List<Filter> filters) {
    return filters.stream().map(f -> local(kind, f)).toList();
  }

  private static Filter comparison(ResourceKind kind, Filter filter) {
    Path path = local(kind, filter.getAttributePath());
    var value = filter.getComparisonValue();
    switch (filter.getFilterType()) {
      case EQUAL:
        return Filter.eq(path, value);
      case NOT_EQUAL:
        return Filter.ne(path, value);
      case CONTAINS:
        return Filter.co(path, value);
      case STARTS_WITH:
        return Filter.sw(path, value);
      case ENDS_WITH:
        return Filter.ew(path, value);
      case GREATER_THAN:
        return Filter.gt(path, value);
      case GREATER_OR_EQUAL:
        return Filter.ge(path, value);
      case LESS_THAN:
        return Filter.lt(path, value);
      case LESS_OR_EQUAL:
        return Filter.le(path, value);
      default:
        throw new IllegalArgumentException("not a comparison: " + filter.getFilterType());
    }
  }
}

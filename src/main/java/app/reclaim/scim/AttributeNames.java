package app.reclaim.scim;

import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code attributes} and {@code excludedAttributes} parameters (RFC 7644 §3.4.2.5): names
 * separated by commas, each parsed as an attribute path before anything is read, so a malformed one
 * is a 400 invalidPath naming its position in the parameter. A well-formed name that no schema
 * defines selects nothing: the RFC does not make it an error.
 */
final class AttributeNames {

  private AttributeNames() {}

  /** The two parameters of one request, parsed before the request reads or writes anything. */
  record Projection(List<String> attributes, List<String> excluded) {}

  static Projection of(HttpServletRequest request) {
    return new Projection(
        parse("attributes", request.getParameter("attributes")),
        parse("excludedAttributes", request.getParameter("excludedAttributes")));
  }

  /** The names of a query parameter's comma-separated {@code value} (none when absent). */
  static List<String> parse(String parameter, String value) {
    List<String> out = new ArrayList<>();
    if (value == null) {
      return out;
    }
    RequestLimits.check("invalidPath", parameter, value, RequestLimits.ATTRIBUTES);
    int from = 0;
    for (String part : value.split(",", -1)) {
      String name = part.strip();
      if (!name.isEmpty()) {
        check(parameter, name, from + part.indexOf(name));
        out.add(name);
      }
      from += part.length() + 1;
    }
    return out;
  }

  /** The names of a SearchRequest's array: positions count within each name. */
  static List<String> parse(String parameter, List<String> values) {
    List<String> out = new ArrayList<>();
    for (String value : values) {
      out.addAll(parse(parameter, value));
    }
    return out;
  }

  private static void check(String parameter, String name, int offset) {
    String plain = MicrosoftAttributesWithValueFilter.strip(name);
    ParseErrors.path(parameter, plain, plain, offset);
  }
}

package app.reclaim.simulator;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;

/**
 * One request as the routes see it: method, decoded path segments below {@code /admin}, query
 * parameters and the JSON body. What an endpoint may carry is checked by {@link RequestCheck}.
 */
final class Call {

  final String method;
  final String path;
  final List<String> segments;
  private final Map<String, List<String>> query;
  private final JsonNode body;
  private final boolean badBody;

  Call(String method, String rawPath, String rawQuery, byte[] bodyBytes) {
    this.method = method;
    this.path = rawPath;
    List<String> parts = new ArrayList<>();
    for (String part : rawPath.split("/")) {
      if (!part.isEmpty()) {
        parts.add(URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8));
      }
    }
    this.segments = List.copyOf(parts);
    this.query = Collections.unmodifiableMap(parseQuery(rawQuery));
    JsonNode parsed = MissingNode.getInstance();
    boolean bad = false;
    if (bodyBytes.length > 0) {
      try {
        parsed = JsonViews.MAPPER.readTree(bodyBytes);
        bad = !parsed.isObject();
      } catch (JacksonException e) {
        bad = true;
      }
    }
    this.body = bad ? MissingNode.getInstance() : parsed;
    this.badBody = bad;
  }

  String segment(int index) {
    return index < segments.size() ? segments.get(index) : "";
  }

  /** The cursor the request carries, wherever it is; null on a first page. */
  String cursor() {
    String cursor = param("cursor");
    return cursor == null || cursor.isEmpty() ? null : cursor;
  }

  String param(String name) {
    List<String> values = query.get(name);
    if (values != null && !values.isEmpty()) {
      return values.get(0);
    }
    JsonNode value = body.path(name);
    return value.isValueNode() && !value.isNull() ? value.asString() : null;
  }

  /** The query parameters as sent, each with its values in order (repeated parameters). */
  Map<String, List<String>> query() {
    return query;
  }

  /** Whether the request carried a body (an invalid one included). */
  boolean hasBody() {
    return badBody || !body.isMissingNode();
  }

  JsonNode body() {
    if (badBody) {
      throw ApiError.badRequest("The request body is not a JSON object");
    }
    return body;
  }

  void expect(String expected) {
    if (!method.equals(expected)) {
      throw ApiError.methodNotAllowed();
    }
  }

  private static Map<String, List<String>> parseQuery(String rawQuery) {
    Map<String, List<String>> params = new LinkedHashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return params;
    }
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value =
          eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      params.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
    }
    return params;
  }
}

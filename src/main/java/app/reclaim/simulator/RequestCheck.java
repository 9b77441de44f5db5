package app.reclaim.simulator;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * A request checked against its endpoint's {@link Contract.Endpoint}: unknown fields or parameters,
 * wrong JSON types, limits outside the range and unknown {@code expand} values are answered 400;
 * documented filters the simulator does not implement are answered 400 naming the field, never
 * ignored. What passes is read from here, not from the raw request.
 */
record RequestCheck(
    int limit, String cursor, Set<String> expand, List<String> accountIds, String accountId) {

  static final String NOT_SIMULATED = " is not supported by the simulator";

  static RequestCheck of(String endpointName, Call call) {
    Contract.Endpoint endpoint = Contract.endpoint(endpointName);
    Map<String, List<String>> query = call.query();
    if (endpoint.body() == null && call.hasBody()) {
      throw ApiError.badRequest(endpoint.name() + ": this endpoint takes no request body");
    }
    if (endpoint.query() == null && !query.isEmpty()) {
      throw ApiError.badRequest(
          endpoint.name() + ": unknown query parameter '" + query.keySet().iterator().next() + "'");
    }
    Values values = endpoint.body() != null ? body(endpoint, call.body()) : query(endpoint, query);
    for (String field : endpoint.required()) {
      if (!values.present.contains(field)) {
        throw ApiError.badRequest(field + " is required");
      }
    }
    int limit = 0;
    if (endpoint.paged()) {
      limit = values.limit == null ? endpoint.defaultLimit() : values.limit;
      if (limit < 1 || limit > endpoint.maxLimit()) {
        throw ApiError.badRequest("limit must be a number between 1 and " + endpoint.maxLimit());
      }
    }
    for (String value : values.expand) {
      if (!endpoint.expand().contains(value)) {
        throw ApiError.badRequest(
            "expand: unknown value '" + value + "'; one of " + endpoint.expand());
      }
    }
    return new RequestCheck(
        limit,
        values.cursor == null || values.cursor.isEmpty() ? null : values.cursor,
        Set.copyOf(values.expand),
        values.accountIds == null ? null : List.copyOf(values.accountIds),
        values.accountId);
  }

  /** What a request carried, once checked. */
  private static final class Values {
    final Set<String> present = new LinkedHashSet<>();
    final List<String> expand = new ArrayList<>();
    Integer limit;
    String cursor;
    List<String> accountIds;
    String accountId;

    void take(String field, List<String> strings, Integer number) {
      present.add(field);
      switch (field) {
        case "limit" -> limit = number;
        case "cursor" -> cursor = strings.get(0);
        case "expand" -> expand.addAll(strings);
        case "accountIds" -> accountIds = strings;
        case "accountId" -> accountId = strings.get(0);
        default -> {
          // checked, not read
        }
      }
    }
  }

  private static Values body(Contract.Endpoint endpoint, JsonNode body) {
    Values values = new Values();
    for (Map.Entry<String, JsonNode> field : body.properties()) {
      String name = field.getKey();
      JsonNode value = field.getValue();
      String type = known(endpoint, endpoint.body(), name, "body field");
      boolean ok =
          switch (type) {
            case "string" -> value.isString();
            case "integer" -> value.isIntegralNumber() && value.canConvertToInt();
            case "boolean" -> value.isBoolean();
            case "object" -> value.isObject();
            case "string[]" -> value.isArray() && value.valueStream().allMatch(JsonNode::isString);
            case "object[]" -> value.isArray() && value.valueStream().allMatch(JsonNode::isObject);
            default -> throw new IllegalStateException(endpoint.name() + ": type " + type);
          };
      if (!ok) {
        throw ApiError.badRequest(name + " must be of type " + type);
      }
      simulated(endpoint, name);
      items(endpoint, name, value.isArray() ? value.size() : 1);
      List<String> strings = new ArrayList<>();
      if (value.isArray()) {
        value.values().forEach(v -> strings.add(v.asString()));
      } else {
        strings.add(value.asString());
      }
      values.take(name, strings, type.equals("integer") ? value.asInt() : null);
    }
    return values;
  }

  private static Values query(Contract.Endpoint endpoint, Map<String, List<String>> query) {
    Values values = new Values();
    for (Map.Entry<String, List<String>> param : query.entrySet()) {
      String name = param.getKey();
      List<String> given = param.getValue();
      String type = known(endpoint, endpoint.query(), name, "query parameter");
      if (!type.endsWith("[]") && given.size() > 1) {
        throw ApiError.badRequest(name + " must be given once");
      }
      Integer number = null;
      if (type.equals("integer")) {
        try {
          number = Integer.parseInt(given.get(0).strip());
        } catch (NumberFormatException e) {
          throw ApiError.badRequest(name + " must be of type integer");
        }
      }
      if (type.equals("boolean") && !given.get(0).matches("true|false")) {
        throw ApiError.badRequest(name + " must be of type boolean");
      }
      simulated(endpoint, name);
      items(endpoint, name, given.size());
      values.take(name, given, number);
    }
    return values;
  }

  private static String known(
      Contract.Endpoint endpoint, Map<String, String> fields, String name, String what) {
    String type = fields.get(name);
    if (type == null) {
      throw ApiError.badRequest(
          endpoint.name()
              + ": unknown "
              + what
              + " '"
              + name
              + "'; documented: "
              + fields.keySet());
    }
    return type;
  }

  private static void simulated(Contract.Endpoint endpoint, String name) {
    if (!endpoint.simulated().contains(name)) {
      throw ApiError.badRequest(name + NOT_SIMULATED);
    }
  }

  private static void items(Contract.Endpoint endpoint, String name, int count) {
    Integer max = endpoint.maxItems().get(name);
    if (max != null && count > max) {
      throw ApiError.badRequest(name + ": at most " + max + " values");
    }
  }
}

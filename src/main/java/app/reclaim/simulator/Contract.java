package app.reclaim.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The admin API's documented contract, one JSON file per endpoint under {@code admin-api-contract/}
 * (README.md there lists every choice made where the docs are silent). The simulator takes its body
 * fields and types, query parameters, page sizes and {@code expand} values from here, and tests
 * (the simulator's and the client's) read the same documented examples through {@link
 * #examples(String)}.
 */
public final class Contract {

  /** The files, by name (file name without {@code .json}); stable: other tests name them. */
  public static final List<String> ENDPOINTS =
      List.of(
          "users-search",
          "users-list",
          "groups-search",
          "group-role-assignments",
          "directories-list",
          "domains",
          "workspaces",
          "last-active-dates",
          "org",
          "suspend",
          "restore",
          "remove-from-directory",
          "add-member",
          "remove-member",
          "error");

  static final String FOLDER = "admin-api-contract/";

  private static final Map<String, Endpoint> LOADED = load();

  private Contract() {}

  /**
   * A documented example: the request (path values, {@code body} and/or {@code query}) and the
   * response ({@code status}, {@code body} absent for 204), with the paths of fields that may be
   * absent ({@code optional}) or null ({@code nullable}) in a real answer, e.g. {@code
   * data[].email}, {@code links.next}.
   */
  public record Example(
      String endpoint,
      String name,
      int status,
      JsonNode request,
      JsonNode response,
      List<String> optional,
      List<String> nullable) {

    public Example {
      optional = List.copyOf(optional);
      nullable = List.copyOf(nullable);
    }

    /** The response body as JSON text, for a client's own JSON mapping; null when none (204). */
    public String responseJson() {
      return response.isMissingNode() ? null : JsonViews.MAPPER.writeValueAsString(response);
    }

    /** The request body as JSON text; null when the example has none. */
    public String requestBodyJson() {
      JsonNode body = request.path("body");
      return body.isMissingNode() ? null : JsonViews.MAPPER.writeValueAsString(body);
    }
  }

  /** Every documented example of {@code endpoint} (one of {@link #ENDPOINTS}), in file order. */
  public static List<Example> examples(String endpoint) {
    return endpoint(endpoint).examples();
  }

  /** One example by endpoint and example name. */
  public static Example example(String endpoint, String name) {
    return examples(endpoint).stream()
        .filter(e -> e.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no example " + name + " of " + endpoint));
  }

  /** The whole file of {@code endpoint}, as stored. */
  public static JsonNode file(String endpoint) {
    return endpoint(endpoint).json();
  }

  static Endpoint endpoint(String name) {
    Endpoint endpoint = LOADED.get(name);
    if (endpoint == null) {
      throw new IllegalArgumentException("no contract " + name + "; one of " + ENDPOINTS);
    }
    return endpoint;
  }

  private static Map<String, Endpoint> load() {
    Map<String, Endpoint> all = new LinkedHashMap<>();
    for (String name : ENDPOINTS) {
      try (InputStream in =
          Contract.class.getClassLoader().getResourceAsStream(FOLDER + name + ".json")) {
        if (in == null) {
          throw new IllegalStateException("admin API contract file missing: " + name + ".json");
        }
        all.put(name, Endpoint.of(name, JsonViews.MAPPER.readTree(in)));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return Map.copyOf(all);
  }

  /**
   * One endpoint's documented request rules. {@code body}/{@code query}: field → type ({@code
   * string}, {@code integer}, {@code boolean}, {@code object}, {@code string[]}, {@code object[]});
   * null when the endpoint takes none. {@code simulated}: the documented fields the simulator
   * implements; the others are refused by name.
   */
  record Endpoint(
      String name,
      String method,
      String path,
      Map<String, String> body,
      Map<String, String> query,
      Set<String> required,
      int defaultLimit,
      int maxLimit,
      Map<String, Integer> maxItems,
      Set<String> expand,
      Set<String> simulated,
      boolean directoryWildcard,
      List<Example> examples,
      JsonNode json) {

    static Endpoint of(String name, JsonNode json) {
      String[] endpoint = json.path("endpoint").asString().split(" ", 2);
      JsonNode request = json.path("request");
      JsonNode limit = request.path("limit");
      List<Example> examples = new ArrayList<>();
      for (JsonNode e : json.path("examples")) {
        examples.add(
            new Example(
                name,
                e.path("name").asString(),
                e.path("response").path("status").asInt(),
                e.path("request"),
                e.path("response").path("body"),
                strings(e.path("response").path("optional")),
                strings(e.path("response").path("nullable"))));
      }
      if (examples.isEmpty() || !json.path("sources").isArray() || json.path("sources").isEmpty()) {
        throw new IllegalStateException(name + ".json: needs sources and examples");
      }
      Map<String, Integer> maxItems = new LinkedHashMap<>();
      request
          .path("maxItems")
          .properties()
          .forEach(p -> maxItems.put(p.getKey(), p.getValue().asInt()));
      return new Endpoint(
          name,
          endpoint[0],
          endpoint.length > 1 ? endpoint[1] : "",
          types(request.path("body")),
          types(request.path("query")),
          new LinkedHashSet<>(strings(request.path("required"))),
          limit.path("default").asInt(0),
          limit.path("maximum").asInt(0),
          Map.copyOf(maxItems),
          new LinkedHashSet<>(strings(request.path("expand"))),
          new LinkedHashSet<>(strings(request.path("simulated"))),
          request.path("directoryWildcard").asBoolean(true),
          List.copyOf(examples),
          json);
    }

    boolean paged() {
      return maxLimit > 0;
    }

    private static Map<String, String> types(JsonNode node) {
      if (!node.isObject()) {
        return null;
      }
      Map<String, String> types = new LinkedHashMap<>();
      node.properties().forEach(p -> types.put(p.getKey(), p.getValue().asString()));
      return types;
    }

    private static List<String> strings(JsonNode node) {
      List<String> values = new ArrayList<>();
      node.values().forEach(v -> values.add(v.asString()));
      return values;
    }
  }
}

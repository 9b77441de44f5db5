package app.reclaim;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** GraphQL over real HTTP against the running test server, as a client would send it. */
public final class GraphQlHttp {

  private static final HttpClient CLIENT = HttpClient.newHttpClient();
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final int port;
  private final Map<String, String> headers = new LinkedHashMap<>();

  public GraphQlHttp(int port) {
    this.port = port;
  }

  public GraphQlHttp header(String name, String value) {
    headers.put(name, value);
    return this;
  }

  /** Sends {@code Authorization: Bearer <token>}. */
  public GraphQlHttp bearer(String token) {
    return header("Authorization", "Bearer " + token);
  }

  /** The value of the Authorization header this client sends, if any (for WebSocket payloads). */
  public String authorization() {
    return headers.get("Authorization");
  }

  public Response post(String query) {
    return post(query, Map.of());
  }

  public Response post(String query, Map<String, Object> variables) {
    return postRaw(JSON.writeValueAsString(Map.of("query", query, "variables", variables)));
  }

  public Response postRaw(String body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/graphql"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    if (headers.keySet().stream().noneMatch("Accept"::equalsIgnoreCase)) {
      request.header("Accept", "application/graphql-response+json");
    }
    headers.forEach(request::header);
    return send(request.build());
  }

  public Response get(String path) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET();
    headers.forEach(request::header);
    return send(request.build());
  }

  /** POSTs a JSON body to {@code path} (not GraphQL: e.g. {@code /platform/installations}). */
  public Response postJson(String path, String json) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
    headers.forEach(request::header);
    return send(request.build());
  }

  /** DELETEs {@code path} (e.g. {@code /platform/installations/{orgId}}). */
  public Response delete(String path) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).DELETE();
    headers.forEach(request::header);
    return send(request.build());
  }

  private static Response send(HttpRequest request) {
    try {
      HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
      return new Response(
          response.statusCode(),
          response.headers().firstValue("Content-Type").orElse(""),
          response.body(),
          response.headers().map());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Status, content type, body and headers of a response; {@link #json()} for JSONPath reads. */
  public record Response(
      int status, String contentType, String body, Map<String, List<String>> headers) {

    /** The first value of a header (names are case-insensitive), or null. */
    public String header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .flatMap(e -> e.getValue().stream())
          .findFirst()
          .orElse(null);
    }

    public DocumentContext json() {
      return JsonPath.parse(body);
    }

    public <T> T read(String path) {
      return json().read(path);
    }
  }
}

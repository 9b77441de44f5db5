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
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** GraphQL over real HTTP against the running test server, as a client would send it. */
public final class GraphQlHttp {

  private static final HttpClient CLIENT = HttpClient.newHttpClient();
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final int port;
  private final Map<String, String> headers = new LinkedHashMap<>();

  GraphQlHttp(int port) {
    this.port = port;
  }

  public GraphQlHttp header(String name, String value) {
    headers.put(name, value);
    return this;
  }

  public Response post(String query) {
    return post(query, Map.of());
  }

  public Response post(String query, Map<String, Object> variables) {
    return postRaw(JSON.writeValueAsString(Map.of("query", query, "variables", variables)));
  }

  public Response postRaw(String body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/graphql"))
        .header("Content-Type", "application/json")
        .header("Accept", "application/graphql-response+json")
        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    headers.forEach(request::header);
    return send(request.build());
  }

  public Response get(String path) {
    return send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET().build());
  }

  private static Response send(HttpRequest request) {
    try {
      HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
      return new Response(response.statusCode(),
          response.headers().firstValue("Content-Type").orElse(""), response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Status, content type and body of a response; {@link #json()} for JSONPath reads. */
  public record Response(int status, String contentType, String body) {

    public DocumentContext json() {
      return JsonPath.parse(body);
    }

    public <T> T read(String path) {
      return json().read(path);
    }
  }
}

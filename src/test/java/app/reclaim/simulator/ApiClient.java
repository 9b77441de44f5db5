package app.reclaim.simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.MissingNode;

/** A plain JDK HTTP client of the simulator, as any admin-API client would call it. */
final class ApiClient {

  static final JsonMapper JSON = JsonMapper.builder().build();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final String baseUrl;
  private final String apiKey;

  ApiClient(String baseUrl, String apiKey) {
    this.baseUrl = baseUrl;
    this.apiKey = apiKey;
  }

  /** The answer, with how long it took. */
  record Result(int status, HttpHeaders headers, JsonNode json, Duration took) {

    String header(String name) {
      return headers.firstValue(name).orElse(null);
    }
  }

  ApiClient withKey(String key) {
    return new ApiClient(baseUrl, key);
  }

  Result get(String path) {
    return send("GET", path, null);
  }

  Result post(String path, String json) {
    return send("POST", path, json);
  }

  Result delete(String path) {
    return send("DELETE", path, null);
  }

  /** {@code path} below the base URL, or a full URL (v1 next links). */
  Result send(String method, String path, String json) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(path.startsWith("http") ? path : baseUrl + path))
            .timeout(Duration.ofSeconds(30))
            .method(
                method,
                json == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(json));
    if (json != null) {
      request.header("Content-Type", "application/json");
    }
    if (apiKey != null) {
      request.header("Authorization", "Bearer " + apiKey);
    }
    long start = System.nanoTime();
    try {
      HttpResponse<byte[]> response =
          HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      JsonNode body =
          response.body().length == 0 ? MissingNode.getInstance() : JSON.readTree(response.body());
      return new Result(response.statusCode(), response.headers(), body, took);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Every item of a v2 listing, following {@code links.next} cursors until null. */
  List<JsonNode> searchAll(String path, int limit, String expand) {
    List<JsonNode> all = new ArrayList<>();
    String cursor = null;
    do {
      String body =
          "{\"limit\":"
              + limit
              + (cursor == null ? "" : ",\"cursor\":\"" + cursor + "\"")
              + (expand == null ? "" : ",\"expand\":[" + expand + "]")
              + "}";
      Result page = post(path, body);
      if (page.status() != 200) {
        throw new AssertionError("page answered " + page.status() + ": " + page.json());
      }
      page.json().path("data").values().forEach(all::add);
      JsonNode next = page.json().path("links").path("next");
      cursor = next.isNull() || next.isMissingNode() ? null : next.asString();
    } while (cursor != null);
    return all;
  }

  static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.propertyNames().forEach(names::add);
    return names;
  }
}

package app.reclaim.scim;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Raw SCIM requests over real HTTP, as IdPs send them (quirks included). */
final class ScimHttp {

  private static final HttpClient CLIENT = HttpClient.newHttpClient();
  private final int port;
  private final Map<String, String> headers = new LinkedHashMap<>();
  private String contentType = "application/scim+json";
  private Charset charset = StandardCharsets.UTF_8;

  ScimHttp(int port, String authorization) {
    this.port = port;
    if (authorization != null) {
      headers.put("Authorization", authorization);
    }
  }

  ScimHttp contentType(String type, Charset charset) {
    this.contentType = type;
    this.charset = charset;
    return this;
  }

  ScimHttp header(String name, String value) {
    ScimHttp copy = new ScimHttp(port, null);
    copy.headers.putAll(headers);
    copy.headers.put(name, value);
    copy.contentType = contentType;
    copy.charset = charset;
    return copy;
  }

  static String q(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  Response get(String path) {
    return send("GET", path, null);
  }

  Response post(String path, String json) {
    return send("POST", path, json);
  }

  Response put(String path, String json) {
    return send("PUT", path, json);
  }

  Response patch(String path, String json) {
    return send("PATCH", path, json);
  }

  Response delete(String path) {
    return send("DELETE", path, null);
  }

  Response send(String method, String path, String json) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/scim/v2" + path));
    headers.forEach(b::header);
    if (json != null) {
      b.header("Content-Type", contentType + "; charset=" + charset.name());
      b.method(method, HttpRequest.BodyPublishers.ofString(json, charset));
    } else {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    }
    try {
      HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Response(
          r.statusCode(),
          r.headers().map().entrySet().stream()
              .collect(
                  java.util.stream.Collectors.toMap(
                      e -> e.getKey().toLowerCase(), e -> e.getValue().get(0), (a, c) -> a)),
          r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  record Response(int status, Map<String, String> headers, String body) {
    DocumentContext json() {
      return JsonPath.parse(body);
    }

    <T> T read(String path) {
      return json().read(path);
    }

    String header(String name) {
      return headers.get(name.toLowerCase());
    }

    @Override
    public String toString() {
      return status + " " + body;
    }
  }
}

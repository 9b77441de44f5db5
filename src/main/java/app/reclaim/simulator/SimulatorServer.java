package app.reclaim.simulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JDK HTTP server on loopback and what every request goes through: find the org (404), inject
 * its faults (latency, 503, 429, 5xx), check its API key (401), answer through {@link
 * AdminApiRoutes}, and count the request in the org's log before the answer leaves, so a test
 * reading the count after its response always sees it.
 */
final class SimulatorServer implements HttpHandler {

  private static final Logger log = LoggerFactory.getLogger(SimulatorServer.class);
  static final String BASE_PATH = "/admin";

  static {
    // The JDK server writes headers and body separately; with Nagle on, each keep-alive response
    // waits ~40 ms for the client's delayed ACK (537 one-user pages took 25 s instead of 0.5 s).
    // The
    // switch is read once, when the JDK's server classes load: before the first server is created.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  /** An org being served: its data, key, faults and request log. */
  record Hosted(SimulatedOrg org, String apiKey, OrgFaults faults, RequestLog log) {}

  /** Finds served orgs by id and by API key. */
  interface Registry {
    Hosted byId(String orgId);

    Hosted byKey(String apiKey);
  }

  /** {@code body}: a JSON tree, JSON already written (bytes), or null (no body). */
  private record Response(int status, Object body, Map<String, String> headers) {}

  private final Registry registry;
  private final Clock clock;
  private HttpServer server;
  private ExecutorService executor;
  private AdminApiRoutes routes;

  SimulatorServer(Registry registry, Clock clock) {
    this.registry = registry;
    this.clock = clock;
  }

  /** Binds 127.0.0.1:{@code port} (0: any free port) and returns the base URL. */
  String start(int port) throws IOException {
    AtomicInteger threads = new AtomicInteger();
    executor =
        Executors.newCachedThreadPool(
            r -> {
              Thread thread = new Thread(r, "admin-api-simulator-" + threads.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
    server.createContext("/", this);
    server.setExecutor(executor);
    server.start();
    String baseUrl = "http://127.0.0.1:" + server.getAddress().getPort() + BASE_PATH;
    routes = new AdminApiRoutes(baseUrl);
    return baseUrl;
  }

  void stop() {
    if (server != null) {
      server.stop(0);
      executor.shutdownNow();
      server = null;
    }
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try {
      byte[] body = exchange.getRequestBody().readAllBytes();
      URI uri = exchange.getRequestURI();
      String path = uri.getRawPath();
      Response response;
      if (!path.startsWith(BASE_PATH + "/")) {
        response = error(ApiError.notFound("No such resource"));
      } else {
        Call call =
            new Call(
                exchange.getRequestMethod(),
                path.substring(BASE_PATH.length()),
                uri.getRawQuery(),
                body);
        response = answer(call, exchange.getRequestHeaders().getFirst("Authorization"));
      }
      send(exchange, response);
    } finally {
      exchange.close();
    }
  }

  private Response answer(Call call, String authorization) {
    boolean orgPath =
        (call.segment(0).equals("v1") || call.segment(0).equals("v2"))
            && call.segment(1).equals("orgs");
    boolean listOrgs = orgPath && call.segments.size() == 2 && call.segment(0).equals("v1");
    if (!orgPath || (call.segments.size() < 3 && !listOrgs)) {
      return error(ApiError.notFound("No such resource"));
    }
    String key = bearer(authorization);
    Hosted hosted =
        listOrgs ? (key == null ? null : registry.byKey(key)) : registry.byId(call.segment(2));
    if (hosted == null) {
      return listOrgs ? unauthorized() : error(ApiError.orgNotFound());
    }
    OrgFaults.Verdict verdict = hosted.faults().decide(clock.instant());
    pause(verdict.delay());
    Response response;
    if (verdict.status() != 0) {
      response =
          new Response(
              verdict.status(),
              ApiError.gateway(verdict.status(), verdict.message()),
              verdict.headers());
    } else if (key == null
        || !MessageDigest.isEqual(
            key.getBytes(StandardCharsets.UTF_8),
            hosted.apiKey().getBytes(StandardCharsets.UTF_8))) {
      response = unauthorized();
    } else {
      response = route(call, hosted, verdict.headers());
    }
    hosted
        .log()
        .record(
            new SimulatedRequest(
                clock.instant(), call.method, call.path, call.cursor(), response.status()));
    return response;
  }

  private Response route(Call call, Hosted hosted, Map<String, String> headers) {
    try {
      AdminApiRoutes.Reply reply =
          call.segments.size() == 2
              ? routes.orgs(call, hosted.org())
              : routes.route(call, hosted.org());
      return new Response(reply.status(), reply.body(), headers);
    } catch (ApiError e) {
      return new Response(e.status, e.body(), headers);
    } catch (RuntimeException e) {
      log.warn("admin API simulator failed on {} {}", call.method, call.path, e);
      return new Response(500, ApiError.gateway(500, "Internal Server Error"), headers);
    }
  }

  private static String bearer(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    String key = authorization.substring(7).strip();
    return key.isEmpty() ? null : key;
  }

  private static Response unauthorized() {
    return new Response(
        401,
        ApiError.gateway(401, "Unauthorized"),
        Map.of("WWW-Authenticate", "Bearer realm=\"admin-api-simulator\""));
  }

  private static Response error(ApiError error) {
    return new Response(error.status, error.body(), Map.of());
  }

  private static void pause(Duration delay) {
    if (!delay.isZero()) {
      try {
        Thread.sleep(delay.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static void send(HttpExchange exchange, Response response) throws IOException {
    Map<String, String> headers = new LinkedHashMap<>(response.headers());
    headers.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
    if (response.body() == null) {
      exchange.sendResponseHeaders(response.status(), -1);
      return;
    }
    byte[] bytes =
        response.body() instanceof byte[] written
            ? written
            : JsonViews.MAPPER.writeValueAsBytes(response.body());
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(response.status(), bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}

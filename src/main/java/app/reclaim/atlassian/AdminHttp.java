package app.reclaim.atlassian;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.MissingNode;

/**
 * One request to the admin API, one attempt: sends it with the org's key as a Bearer token and
 * sorts the answer into a JSON tree (2xx), {@link AdminApiException.Rejected} (4xx other than 429,
 * never retried) or {@link UpstreamFailure} (429, 5xx, timeouts, I/O: the policy decides). Logs
 * only the org id, method, path template, status and duration: never the key, a body, or ids in the
 * path.
 */
final class AdminHttp {

  private static final Logger log = LoggerFactory.getLogger(AdminHttp.class);
  private static final int MAX_UPSTREAM_MESSAGE = 300;

  /** A request: {@code template} names the path without its values, for logs and messages. */
  record Request(String method, String template, URI uri, String jsonBody) {

    String describe() {
      return method + " " + template;
    }
  }

  private final HttpClient client;
  private final Duration requestTimeout;
  private final Clock clock;
  private final double serverWaitScale;
  private final Duration maxServerWait;

  /**
   * Per org, the System.nanoTime() before which no request is sent: set when the API said that the
   * org's allowance is used up (a 2xx with {@code X-RateLimit-Remaining: 0}, until its {@code
   * X-RateLimit-Reset}; a 429, for its {@code Retry-After}). Every caller of the org then waits
   * instead of spending requests (and rate permits) on 429s that a window-based limit out of phase
   * with this client's own limiter would answer.
   */
  private final java.util.concurrent.ConcurrentHashMap<String, Long> quietUntil =
      new java.util.concurrent.ConcurrentHashMap<>();

  private final JsonMapper json =
      JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  AdminHttp(AtlassianProperties properties, Clock clock) {
    // Plain-http base URLs (the simulator, test servers) speak HTTP/1.1: no h2c upgrade dance.
    boolean tls = "https".equalsIgnoreCase(properties.baseUrl().getScheme());
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(properties.connectTimeout())
            .version(tls ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            // The selector thread completes each response itself: with the default pool every
            // request passed through a worker thread and back (the client's worker and selector
            // threads, mostly futex waits and wake-ups, were 23 % of a sync's JVM samples in
            // async-profiler; JVM CPU per sync 4.3-4.5 s before, median 3.5 s of six after). The
            // body handler only collects bytes; JSON is parsed on the caller's thread.
            .executor(Runnable::run)
            .build();
    this.requestTimeout = properties.requestTimeout();
    this.clock = clock;
    this.serverWaitScale = properties.retry().serverWaitScale();
    this.maxServerWait = properties.retry().maxServerWait();
  }

  JsonMapper json() {
    return json;
  }

  /**
   * One attempt. {@code permit} (or null) is asked last, after any wait for the org's quiet time,
   * just before the request leaves.
   */
  JsonNode exchange(String orgId, Request request, String apiKey, AdminApi.SendPermit permit) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(request.uri())
            .timeout(requestTimeout)
            .header("Authorization", "Bearer " + apiKey)
            .header("Accept", "application/json")
            .header("User-Agent", "Reclaim");
    if (request.jsonBody() != null) {
      builder
          .header("Content-Type", "application/json")
          .method(
              request.method(),
              BodyPublishers.ofString(request.jsonBody(), StandardCharsets.UTF_8));
    } else {
      builder.method(request.method(), BodyPublishers.noBody());
    }
    HttpResponse<byte[]> response;
    long started;
    try {
      awaitQuiet(orgId);
      if (permit != null && !permit.allows(requestTimeout)) {
        throw new AdminApiException.NotSent(
            "admin API: " + request.describe() + " not sent: the caller's lease cannot cover it");
      }
      started = System.nanoTime();
      response = client.send(builder.build(), BodyHandlers.ofByteArray());
    } catch (HttpTimeoutException e) {
      log.debug("admin API org={} {} timed out", orgId, request.describe());
      throw UpstreamFailure.of(UpstreamFailure.Kind.TIMEOUT, request.describe(), e);
    } catch (IOException e) {
      log.debug(
          "admin API org={} {} failed: {}",
          orgId,
          request.describe(),
          e.getClass().getSimpleName());
      throw UpstreamFailure.of(UpstreamFailure.Kind.IO, request.describe(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw UpstreamFailure.of(UpstreamFailure.Kind.INTERRUPTED, request.describe(), e);
    }
    int status = response.statusCode();
    log.debug(
        "admin API org={} {} -> {} in {} ms",
        orgId,
        request.describe(),
        status,
        (System.nanoTime() - started) / 1_000_000);
    if (status >= 200 && status < 300) {
      if (response.headers().firstValue("X-RateLimit-Remaining").filter("0"::equals).isPresent()) {
        response
            .headers()
            .firstValue("X-RateLimit-Reset")
            .map(v -> ServerWait.rateLimitReset(v, clock))
            .ifPresent(wait -> quiet(orgId, wait));
      }
      return parse(request, response.body());
    }
    if (status == 429 || status >= 500) {
      Duration asked =
          status == 429 || status == 503 ? ServerWait.of(response.headers(), clock) : null;
      if (status == 429 && asked != null) {
        quiet(orgId, asked);
      }
      throw UpstreamFailure.status(request.describe(), status, asked);
    }
    if (status >= 400) {
      throw new AdminApiException.Rejected(status, upstreamMessage(response.body()));
    }
    throw UpstreamFailure.of(
        UpstreamFailure.Kind.MALFORMED, request.describe() + " answered " + status, null);
  }

  /** No request of the org before {@code wait} (scaled as the retry's waits) has passed. */
  private void quiet(String orgId, Duration wait) {
    if (wait.isZero() || wait.compareTo(maxServerWait) > 0) {
      return; // a longer ask fails the call at once as Throttled; nothing to wait out here
    }
    long until = System.nanoTime() + (long) (wait.toNanos() * serverWaitScale);
    quietUntil.merge(orgId, until, (a, b) -> a - b >= 0 ? a : b);
  }

  private void awaitQuiet(String orgId) throws InterruptedException {
    Long until = quietUntil.get(orgId);
    if (until == null) {
      return;
    }
    long nanos = until - System.nanoTime();
    if (nanos > 0) {
      java.util.concurrent.TimeUnit.NANOSECONDS.sleep(nanos);
    } else {
      quietUntil.remove(orgId, until);
    }
  }

  private JsonNode parse(Request request, byte[] body) {
    if (body.length == 0) {
      return MissingNode.getInstance();
    }
    try {
      return json.readTree(body);
    } catch (JacksonException e) {
      // No cause: the parser's message quotes the body.
      throw UpstreamFailure.of(UpstreamFailure.Kind.MALFORMED, request.describe(), null);
    }
  }

  /**
   * The message of an error answer: Atlassian's {@code errors[0]} ({@code detail}, {@code title},
   * {@code code}) or a top-level {@code message}/{@code detail}/{@code error}; else the text
   * itself.
   */
  private String upstreamMessage(byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8).strip();
    try {
      JsonNode root = json.readTree(text);
      JsonNode error = root.path("errors").path(0);
      for (JsonNode node : new JsonNode[] {error, root}) {
        for (String field :
            new String[] {"detail", "message", "title", "error_description", "error", "code"}) {
          String value = ApiJson.text(node, field);
          if (value != null && !value.isBlank()) {
            return shorten(value);
          }
        }
      }
    } catch (JacksonException notJson) {
      // fall through to the raw text
    }
    return shorten(text.replaceAll("\\s+", " "));
  }

  private static String shorten(String s) {
    return s.length() <= MAX_UPSTREAM_MESSAGE ? s : s.substring(0, MAX_UPSTREAM_MESSAGE) + "…";
  }
}

package app.reclaim.atlassian;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import app.reclaim.atlassian.AdminApiHealth.BreakerState;
import app.reclaim.atlassian.AtlassianProperties.BreakerPolicy;
import app.reclaim.atlassian.AtlassianProperties.BulkheadPolicy;
import app.reclaim.atlassian.AtlassianProperties.RateLimitPolicy;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The per-org limits, counted in requests the server saw: the circuit breaker (opens,
 * short-circuits, half-opens after its scaled wait, one org's never touches another's), the rate
 * limiter (every attempt takes a permit) and the bulkhead (requests in flight).
 */
class AdminApiLimitsTests extends AdminApiTestSupport {

  private static final String ORG_JSON =
      "{\"data\": {\"id\": \"o\", \"attributes\": {\"name\": \"Acme\"}}}";

  /** Opens once 2 of the last 4 requests failed; no retries, so one call is one request. */
  private AtlassianProperties breakerTrips() {
    return with(with(fast(), new BreakerPolicy(50, 4, 4, Duration.ofMillis(300), 1)), retry(1));
  }

  /** Slow answers are the point here: no timeout or retry may add requests on a busy machine. */
  private AtlassianProperties patient() {
    return with(withRequestTimeout(fast(), Duration.ofSeconds(30)), retry(1));
  }

  @Test
  void shouldOpenTheBreakerThenShortCircuitThenCloseAfterAHalfOpenTrial() throws Exception {
    String org = freshOrgId();
    String path = "/admin/v1/orgs/" + org;
    server.stubFor(get(urlPathEqualTo(path)).willReturn(aResponse().withStatus(500)));
    Client client = client(breakerTrips());

    for (int i = 0; i < 4; i++) {
      assertThatThrownBy(() -> client.api().org(org))
          .isInstanceOfSatisfying(
              AdminApiException.Unavailable.class, e -> assertThat(e.breakerOpen()).isFalse());
    }
    assertThat(client.health().breakerState(org)).isEqualTo(BreakerState.OPEN);
    for (int i = 0; i < 3; i++) {
      assertThatThrownBy(() -> client.api().org(org))
          .isInstanceOfSatisfying(
              AdminApiException.Unavailable.class, e -> assertThat(e.breakerOpen()).isTrue());
    }
    server.verify(4, getRequestedFor(urlPathEqualTo(path)));

    server.stubFor(get(urlPathEqualTo(path)).willReturn(okJson(ORG_JSON)));
    // Calls short-circuit (no request) until the scaled wait-in-open passes; then the half-open
    // trial.
    Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(10))
        .pollInterval(java.time.Duration.ofMillis(50))
        .ignoreExceptionsInstanceOf(AdminApiException.Unavailable.class)
        .until(() -> "Acme".equals(client.api().org(org).name()));
    assertThat(client.health().breakerState(org)).isEqualTo(BreakerState.CLOSED);
    server.verify(5, getRequestedFor(urlPathEqualTo(path)));
  }

  @Test
  void shouldKeepOneOrgsOpenBreakerFromAffectingAnother() {
    String down = freshOrgId();
    String up = freshOrgId();
    server.stubFor(
        get(urlPathEqualTo("/admin/v1/orgs/" + down)).willReturn(aResponse().withStatus(503)));
    server.stubFor(get(urlPathEqualTo("/admin/v1/orgs/" + up)).willReturn(okJson(ORG_JSON)));
    Client client = client(breakerTrips());

    for (int i = 0; i < 5; i++) {
      assertThatThrownBy(() -> client.api().org(down))
          .isInstanceOf(AdminApiException.Unavailable.class);
    }

    assertThat(client.health().breakerState(down)).isEqualTo(BreakerState.OPEN);
    assertThat(client.api().org(up).name()).isEqualTo("Acme");
    assertThat(client.health().breakerState(up)).isEqualTo(BreakerState.CLOSED);
    assertThat(client.health().breakerState(freshOrgId())).isEqualTo(BreakerState.CLOSED);
    server.verify(4, getRequestedFor(urlPathEqualTo("/admin/v1/orgs/" + down)));
    server.verify(1, getRequestedFor(urlPathEqualTo("/admin/v1/orgs/" + up)));
  }

  @Test
  void shouldNotOpenTheBreakerOnRejectedOrThrottledAnswers() {
    String org = freshOrgId();
    String path = "/admin/v1/orgs/" + org;
    server.stubFor(get(urlPathEqualTo(path)).willReturn(aResponse().withStatus(404)));
    Client client = client(breakerTrips());
    for (int i = 0; i < 4; i++) {
      assertThatThrownBy(() -> client.api().org(org))
          .isInstanceOf(AdminApiException.Rejected.class);
    }
    server.stubFor(get(urlPathEqualTo(path)).willReturn(aResponse().withStatus(429)));
    for (int i = 0; i < 4; i++) {
      assertThatThrownBy(() -> client.api().org(org))
          .isInstanceOf(AdminApiException.Throttled.class);
    }

    assertThat(client.health().breakerState(org)).isEqualTo(BreakerState.CLOSED);
    server.verify(8, getRequestedFor(urlPathEqualTo(path)));
  }

  @Test
  void shouldRefuseCallsBeyondTheOrgsRatePermitsWithoutARequest() {
    // 3 permits per hour and no waiting for one: the 4th and 5th calls are refused locally.
    String org = freshOrgId();
    String other = freshOrgId();
    server.stubFor(get(urlPathEqualTo("/admin/v1/orgs/" + org)).willReturn(okJson(ORG_JSON)));
    server.stubFor(get(urlPathEqualTo("/admin/v1/orgs/" + other)).willReturn(okJson(ORG_JSON)));
    Client client =
        client(with(fast(), new RateLimitPolicy(3, Duration.ofHours(1), Duration.ZERO)));

    List<String> outcomes = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      try {
        client.api().org(org);
        outcomes.add("ok");
      } catch (AdminApiException.Throttled e) {
        assertThat(e.retryAfterSeconds()).isEqualTo(-1);
        outcomes.add("throttled");
      }
    }

    assertThat(outcomes).containsExactly("ok", "ok", "ok", "throttled", "throttled");
    assertThat(
            client.policy().rateLimiters().rateLimiter(org).getMetrics().getAvailablePermissions())
        .isZero();
    server.verify(3, getRequestedFor(urlPathEqualTo("/admin/v1/orgs/" + org)));
    // Another org has permits of its own.
    assertThat(client.api().org(other).name()).isEqualTo("Acme");
  }

  @Test
  void shouldTakeARatePermitForEveryAttemptRetriesIncluded() {
    String org = freshOrgId();
    String path = "/admin/v1/orgs/" + org;
    server.stubFor(
        get(urlPathEqualTo(path))
            .inScenario(org)
            .whenScenarioStateIs(STARTED)
            .willReturn(aResponse().withStatus(500))
            .willSetStateTo("recovered"));
    server.stubFor(
        get(urlPathEqualTo(path))
            .inScenario(org)
            .whenScenarioStateIs("recovered")
            .willReturn(okJson(ORG_JSON)));
    Client client =
        client(with(fast(), new RateLimitPolicy(2, Duration.ofHours(1), Duration.ZERO)));

    assertThat(client.api().org(org).name()).isEqualTo("Acme"); // 500, then 200: both permits
    assertThatThrownBy(() -> client.api().org(org)).isInstanceOf(AdminApiException.Throttled.class);

    server.verify(2, getRequestedFor(urlPathEqualTo(path)));
  }

  @Test
  void shouldRefuseCallsBeyondTheBulkheadWithoutARequest() throws Exception {
    String org = freshOrgId();
    String path = "/admin/v1/orgs/" + org;
    server.stubFor(get(urlPathEqualTo(path)).willReturn(okJson(ORG_JSON).withFixedDelay(1_500)));
    Client client = client(with(patient(), new BulkheadPolicy(2, Duration.ZERO)));

    List<String> outcomes = concurrently(4, () -> client.api().org(org));

    assertThat(outcomes).containsExactlyInAnyOrder("ok", "ok", "throttled", "throttled");
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(() -> server.verify(2, getRequestedFor(urlPathEqualTo(path))));
  }

  @Test
  void shouldQueueCallsAtTheBulkheadSoOnlyTwoAreInFlight() throws Exception {
    String org = freshOrgId();
    String path = "/admin/v1/orgs/" + org;
    server.stubFor(get(urlPathEqualTo(path)).willReturn(okJson(ORG_JSON).withFixedDelay(300)));
    Client client = client(with(patient(), new BulkheadPolicy(2, Duration.ofSeconds(10))));

    List<String> outcomes = concurrently(4, () -> client.api().org(org));

    assertThat(outcomes).containsOnly("ok").hasSize(4);
    server.verify(4, anyRequestedFor(anyUrl()));
    // Received in two waves: the third request could only leave once one of the first two was
    // answered.
    List<Long> received =
        server.getAllServeEvents().stream()
            .map(ServeEvent::getRequest)
            .map(r -> r.getLoggedDate().getTime())
            .sorted(Comparator.naturalOrder())
            .toList();
    assertThat(received.get(2) - received.get(0)).isGreaterThanOrEqualTo(250);
  }

  private static List<String> concurrently(int calls, Runnable call) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(calls);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<String>> results = new ArrayList<>();
      for (int i = 0; i < calls; i++) {
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  try {
                    call.run();
                    return "ok";
                  } catch (AdminApiException.Throttled e) {
                    return "throttled";
                  }
                }));
      }
      start.countDown();
      List<String> outcomes = new ArrayList<>();
      for (Future<String> result : results) {
        outcomes.add(result.get());
      }
      return outcomes;
    } finally {
      pool.shutdownNow();
    }
  }
}

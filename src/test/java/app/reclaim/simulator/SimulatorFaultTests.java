package app.reclaim.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Injected faults, as a resilient client meets them: 429 with the four rate-limit headers, bursts,
 * a seeded share of 5xx, outages, latency; and the request counts that prove what was (re)read.
 * Timings are asserted only loosely (at least the latency asked for), never as upper bounds.
 */
class SimulatorFaultTests {

  static AdminApiSimulator simulator;
  String org;
  ApiClient api;

  @BeforeAll
  static void start() {
    simulator = new AdminApiSimulator(SimulatorProperties.empty()).start();
  }

  @AfterAll
  static void stop() {
    simulator.stop();
  }

  @BeforeEach
  void freshOrg() {
    org = "f-" + UUID.randomUUID().toString().substring(0, 8);
    api = new ApiClient(simulator.baseUrl(), simulator.addOrg(org, 3, 40, 10));
  }

  List<ApiClient.Result> get(int times) {
    List<ApiClient.Result> results = new ArrayList<>();
    for (int i = 0; i < times; i++) {
      results.add(api.get("/v1/orgs/" + org));
    }
    return results;
  }

  @Test
  void shouldAnswer429WithTheFourRateLimitHeadersBeyondTheRate() {
    simulator.faults(org).rateLimit(5);

    List<ApiClient.Result> results = get(20);

    // However the 20 requests fall across second boundaries, no second lets more than 5 through.
    Map<String, Integer> passedPerWindow = new HashMap<>();
    results.stream()
        .filter(r -> r.status() == 200)
        .forEach(r -> passedPerWindow.merge(r.header("X-RateLimit-Reset"), 1, Integer::sum));
    assertThat(passedPerWindow.values()).allMatch(n -> n <= 5);
    List<ApiClient.Result> throttled = results.stream().filter(r -> r.status() == 429).toList();
    assertThat(throttled)
        .isNotEmpty()
        .allSatisfy(
            r -> {
              assertThat(Long.parseLong(r.header("Retry-After"))).isBetween(0L, 1L);
              assertThat(r.header("X-RateLimit-Limit")).isEqualTo("5");
              assertThat(r.header("X-RateLimit-Remaining")).isEqualTo("0");
              assertThat(Instant.parse(r.header("X-RateLimit-Reset")))
                  .isAfter(Instant.now().minusSeconds(60));
              assertThat(r.header("X-RateLimit-Reset")).endsWith("Z");
              assertThat(r.json().path("code").asInt()).isEqualTo(429);
            });
    assertThat(results.get(0).header("X-RateLimit-Limit")).isEqualTo("5");
  }

  @Test
  void shouldThrottleInBurstsAndOnDemand() {
    simulator.faults(org).throttleBursts(10, 3).retryAfter(Duration.ZERO);

    List<Integer> statuses = get(20).stream().map(ApiClient.Result::status).toList();
    simulator.faults(org).throttleBursts(0, 0).retryAfter(Duration.ofSeconds(2)).throttleNext(2);
    List<ApiClient.Result> onDemand = get(3);

    assertThat(statuses)
        .containsExactly(
            200, 200, 200, 200, 200, 200, 200, 429, 429, 429, 200, 200, 200, 200, 200, 200, 200,
            429, 429, 429);
    assertThat(onDemand).extracting(ApiClient.Result::status).containsExactly(429, 429, 200);
    assertThat(onDemand.get(0).header("Retry-After")).isEqualTo("2");
    assertThat(onDemand.get(0).header("X-RateLimit-Remaining")).isEqualTo("0");
  }

  @Test
  void shouldFailAboutTheConfiguredShareWithServerErrorsTheSameWayForTheSameSeed() {
    simulator.faults(org).errorRate(0.2, 42);
    List<Integer> first = get(400).stream().map(ApiClient.Result::status).toList();
    simulator.faults(org).errorRate(0, 0).errorRate(0.2, 42);
    List<Integer> again = get(400).stream().map(ApiClient.Result::status).toList();

    long failed = first.stream().filter(s -> s >= 500).count();
    assertThat(failed).isBetween(50L, 110L);
    assertThat(first).allMatch(s -> s == 200 || s == 500 || s == 502 || s == 503 || s == 504);
    assertThat(first.stream().filter(s -> s >= 500).distinct().count()).isGreaterThan(1);
    assertThat(again).isEqualTo(first);
  }

  @Test
  void shouldAnswer503DuringAnOutageWindowAndForTheNextRequests() {
    Instant now = Instant.now();
    simulator.faults(org).outage(now.minusSeconds(1), now.plusSeconds(3600));
    ApiClient.Result during = api.get("/v1/orgs/" + org);
    simulator.faults(org).outage(now.minusSeconds(7200), now.minusSeconds(3600));
    ApiClient.Result after = api.get("/v1/orgs/" + org);
    simulator.faults(org).outageFor(2);
    List<Integer> counted = get(3).stream().map(ApiClient.Result::status).toList();

    assertThat(during.status()).isEqualTo(503);
    assertThat(during.json().path("message").asString()).isEqualTo("Service Unavailable");
    assertThat(after.status()).isEqualTo(200);
    assertThat(counted).containsExactly(503, 503, 200);
  }

  @Test
  void shouldDelayAnswersByTheLatencyAsked() {
    simulator.faults(org).latency(Duration.ofMillis(200));
    ApiClient.Result fixed = api.get("/v1/orgs/" + org);
    simulator.faults(org).latency(Duration.ofMillis(50), Duration.ofMillis(120));
    ApiClient.Result ranged = api.get("/v1/orgs/" + org);

    assertThat(fixed.took()).isGreaterThanOrEqualTo(Duration.ofMillis(200));
    assertThat(ranged.took()).isGreaterThanOrEqualTo(Duration.ofMillis(50));
  }

  @Test
  void shouldApplyFaultsToEveryOrgIncludingOrgsAddedLater() {
    AdminApiSimulator own = new AdminApiSimulator(SimulatorProperties.empty()).start();
    try {
      ApiClient early = new ApiClient(own.baseUrl(), own.addOrg("early", 1, 5, 2));
      own.faults().errorRate(1, 1);
      ApiClient late = new ApiClient(own.baseUrl(), own.addOrg("late", 1, 5, 2));

      assertThat(early.get("/v1/orgs/early").status()).isGreaterThanOrEqualTo(500);
      assertThat(late.get("/v1/orgs/late").status()).isGreaterThanOrEqualTo(500);
      own.faults().clear();
      assertThat(late.get("/v1/orgs/late").status()).isEqualTo(200);
      assertThat(own.faults("early").settings()).isEqualTo(FaultSettings.NONE);
    } finally {
      own.stop();
    }
  }

  @Test
  void shouldCountRequestsPerPathAndKeepTheCursorOfEach() {
    simulator.faults(org).throttleNext(1);
    String search = "/v2/orgs/" + org + "/directories/-/users/search";
    ApiClient.Result throttled = api.post(search, "{\"limit\": 15}");
    int users = api.searchAll(search, 15, null).size();
    api.get("/v1/orgs/" + org);

    assertThat(throttled.status()).isEqualTo(429);
    assertThat(users).isEqualTo(40);
    assertThat(simulator.requestCount(org, "/v2/orgs/*/directories/*/users/search")).isEqualTo(4);
    assertThat(
            simulator.requestCount(
                org, "POST", "/admin/v2/orgs/" + org + "/directories/-/users/search"))
        .isEqualTo(4);
    assertThat(simulator.requestCount(org, "GET", "/v2/**")).isZero();
    assertThat(simulator.requestCount(org, "/**")).isEqualTo(5);
    List<SimulatedRequest> requests = simulator.requests(org);
    assertThat(requests)
        .extracting(SimulatedRequest::status)
        .containsExactly(429, 200, 200, 200, 200);
    assertThat(requests.subList(1, 4))
        .extracting(SimulatedRequest::cursor)
        .doesNotHaveDuplicates()
        .first()
        .isNull();
    simulator.resetRequests(org);
    assertThat(simulator.requestCount(org, "/**")).isZero();
  }

  @Test
  void shouldStartEveryOrgWithTheConfiguredFaults() {
    FaultSettings configured = FaultSettings.NONE.withBursts(2, 1).withRetryAfter(Duration.ZERO);
    AdminApiSimulator own =
        new AdminApiSimulator(
                new SimulatorProperties(
                    true,
                    0,
                    List.of(OrgSpec.of("configured", 1, 5, 2).withApiKey("k")),
                    configured))
            .start();
    try {
      ApiClient client = new ApiClient(own.baseUrl(), "k");
      assertThat(
              List.of(
                  client.get("/v1/orgs/configured").status(),
                  client.get("/v1/orgs/configured").status()))
          .containsExactly(200, 429);
      assertThat(own.faults("configured").settings()).isEqualTo(configured);
    } finally {
      own.stop();
    }
  }
}

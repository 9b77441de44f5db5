package app.reclaim.atlassian;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What is retried and how long the client waits: 429 and 5xx, timeouts and I/O errors are retried
 * within the budget, honouring Retry-After and X-RateLimit-Reset (scaled by the test policy's
 * {@code server-wait-scale} 0.01); other 4xx fail at once. Waits are asserted as lower bounds only.
 */
class AdminApiRetryTests extends AdminApiTestSupport {

  private static final String ORG_JSON =
      "{\"data\": {\"id\": \"o\", \"attributes\": {\"name\": \"Acme\"}}}";

  private final String org = freshOrgId();
  private final String path = "/admin/v1/orgs/" + org;

  @Test
  void shouldWaitOutRetryAfterOn429ThenSucceed() {
    // Retry-After: 30 s, scaled by 0.01: at least 300 ms, where the backoff alone is 2-20 ms.
    stubSequence(aResponse().withStatus(429).withHeader("Retry-After", "30"), okJson(ORG_JSON));
    AdminApi api = client().api();

    long started = System.nanoTime();
    ApiRecords.Org result = api.org(org);

    assertThat(result.name()).isEqualTo("Acme");
    assertThat(Duration.ofNanos(System.nanoTime() - started))
        .isGreaterThanOrEqualTo(Duration.ofMillis(300));
    server.verify(2, getRequestedFor(urlPathEqualTo(path)));
  }

  @Test
  void shouldWaitUntilXRateLimitResetWhenItIsTheOnlyHint() {
    // Reset 40 s ahead, scaled by 0.01: about 400 ms (300 ms asserted, leaving room for the clock).
    String reset = Instant.now().plusSeconds(40).truncatedTo(ChronoUnit.MILLIS).toString();
    stubSequence(
        aResponse().withStatus(429).withHeader("X-RateLimit-Reset", reset), okJson(ORG_JSON));

    long started = System.nanoTime();
    client().api().org(org);

    assertThat(Duration.ofNanos(System.nanoTime() - started))
        .isGreaterThanOrEqualTo(Duration.ofMillis(300));
    server.verify(2, getRequestedFor(urlPathEqualTo(path)));
  }

  @Test
  void shouldHonourRetryAfterOn503Too() {
    stubSequence(aResponse().withStatus(503).withHeader("Retry-After", "30"), okJson(ORG_JSON));

    long started = System.nanoTime();
    client().api().org(org);

    assertThat(Duration.ofNanos(System.nanoTime() - started))
        .isGreaterThanOrEqualTo(Duration.ofMillis(300));
    server.verify(2, getRequestedFor(urlPathEqualTo(path)));
  }

  @Test
  void shouldFailAsThrottledWhen429OutlastsTheRetryBudget() {
    server.stubFor(
        get(urlPathEqualTo(path))
            .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "2")));

    assertThatThrownBy(() -> client().api().org(org))
        .isInstanceOfSatisfying(
            AdminApiException.Throttled.class, e -> assertThat(e.retryAfterSeconds()).isEqualTo(2));
    server.verify(3, getRequestedFor(urlPathEqualTo(path)));
  }

  @Test
  void shouldNotWaitOutARetryAfterBeyondMaxServerWait() {
    server.stubFor(
        get(urlPathEqualTo(path))
            .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "3600")));

    assertThatThrownBy(() -> client().api().org(org))
        .isInstanceOfSatisfying(
            AdminApiException.Throttled.class,
            e -> assertThat(e.retryAfterSeconds()).isEqualTo(3600));
    server.verify(1, getRequestedFor(urlPathEqualTo(path)));
  }

  @Test
  void shouldRetryA5xxThenSucceed() {
    stubSequence(aResponse().withStatus(502), okJson(ORG_JSON));

    assertThat(client().api().org(org).name()).isEqualTo("Acme");
    server.verify(2, getRequestedFor(urlPathEqualTo(path)));
  }

  @Test
  void shouldRetryAConnectionResetThenSucceed() {
    stubSequence(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER), okJson(ORG_JSON));

    assertThat(client().api().org(org).name()).isEqualTo("Acme");
    server.verify(2, getRequestedFor(urlPathEqualTo(path)));
  }

  @Test
  void shouldFailAsUnavailableAfterEveryAttemptAnswered5xx() {
    server.stubFor(get(urlPathEqualTo(path)).willReturn(aResponse().withStatus(500)));
    AdminApi api = client(with(fast(), retry(4))).api();

    assertThatThrownBy(() -> api.org(org))
        .isInstanceOfSatisfying(
            AdminApiException.Unavailable.class,
            e -> {
              assertThat(e.breakerOpen()).isFalse();
              assertThat(e.getMessage()).contains("GET /v1/orgs/{orgId}").contains("500");
            });
    server.verify(4, getRequestedFor(urlPathEqualTo(path)));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "400 | {\"code\": 400, \"message\": \"Invalid cursor\"}                       | Invalid cursor",
        "403 | {\"errors\": [{\"status\": \"403\", \"title\": \"Forbidden\", \"detail\": \"Scope manage:org required\"}]} | Scope manage:org required",
        "404 | Not Found                                                              | Not Found"
      })
  void shouldRejectOther4xxAtOnceWithStatusAndMessage(int status, String body, String message) {
    String usersPath = "/admin/v2/orgs/" + org + "/directories/-/users/search";
    server.stubFor(
        post(urlPathEqualTo(usersPath)).willReturn(aResponse().withStatus(status).withBody(body)));

    assertThatThrownBy(() -> client().api().searchUsers(org, "-", null, 10))
        .isInstanceOfSatisfying(
            AdminApiException.Rejected.class,
            e -> {
              assertThat(e.status()).isEqualTo(status);
              assertThat(e.upstreamMessage()).isEqualTo(message);
              assertThat(e.getMessage()).doesNotContain(message);
            });
    server.verify(1, postRequestedFor(urlPathEqualTo(usersPath)));
  }

  @Test
  void shouldFailAsUnavailableWhenTheApiIsSlowerThanTheRequestTimeout() {
    server.stubFor(get(urlPathEqualTo(path)).willReturn(okJson(ORG_JSON).withFixedDelay(3_000)));
    AdminApi api = client(with(withRequestTimeout(fast(), Duration.ofMillis(200)), retry(2))).api();

    long started = System.nanoTime();
    assertThatThrownBy(() -> api.org(org))
        .isInstanceOfSatisfying(
            AdminApiException.Unavailable.class,
            e -> assertThat(e.getMessage()).contains("timeout"));

    // Two attempts of 200 ms, well before the first answer would have come.
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(2_500));
    // WireMock journals a request once it has answered it, after its delay.
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> server.verify(2, getRequestedFor(urlPathEqualTo(path))));
  }

  /** The first request gets {@code first}, every later one {@code then}. */
  private void stubSequence(ResponseDefinitionBuilder first, ResponseDefinitionBuilder then) {
    String scenario = "sequence-" + org;
    server.stubFor(
        get(urlPathEqualTo(path))
            .inScenario(scenario)
            .whenScenarioStateIs(STARTED)
            .willReturn(first)
            .willSetStateTo("answered"));
    server.stubFor(
        get(urlPathEqualTo(path))
            .inScenario(scenario)
            .whenScenarioStateIs("answered")
            .willReturn(then));
  }
}

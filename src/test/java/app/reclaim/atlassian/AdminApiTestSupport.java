package app.reclaim.atlassian;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import app.reclaim.atlassian.AtlassianProperties.BreakerPolicy;
import app.reclaim.atlassian.AtlassianProperties.BulkheadPolicy;
import app.reclaim.atlassian.AtlassianProperties.RateLimitPolicy;
import app.reclaim.atlassian.AtlassianProperties.RetryPolicy;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A real HTTP server (WireMock, one per test class on a random port, stubs and request journal
 * reset before each test) and clients built against it with every wait at test scale. Each test
 * uses fresh org ids, so per-org policy instances never carry over.
 */
abstract class AdminApiTestSupport {

  static final String KEY = "test-key-7f3a9c21d4e8b6";

  @RegisterExtension
  static final WireMockExtension server =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  static String freshOrgId() {
    return "org-" + UUID.randomUUID().toString().substring(0, 8);
  }

  URI baseUrl() {
    return URI.create(server.baseUrl() + "/admin");
  }

  /** Test-scale policy: ms backoffs, 1/100 of the API's asked-for waits, limits that never bind. */
  AtlassianProperties fast() {
    return new AtlassianProperties(
        baseUrl(),
        Duration.ofMillis(500),
        Duration.ofSeconds(5),
        Map.of(),
        new RateLimitPolicy(10_000, Duration.ofSeconds(1), Duration.ofSeconds(2)),
        retry(3),
        new BreakerPolicy(50, 20, 20, Duration.ofMillis(200), 1),
        new BulkheadPolicy(32, Duration.ofSeconds(2)));
  }

  static RetryPolicy retry(int maxAttempts) {
    return new RetryPolicy(
        maxAttempts,
        Duration.ofMillis(2),
        2.0,
        Duration.ofMillis(20),
        0.5,
        Duration.ofSeconds(60),
        0.01);
  }

  static AtlassianProperties with(AtlassianProperties p, RetryPolicy retry) {
    return new AtlassianProperties(
        p.baseUrl(),
        p.connectTimeout(),
        p.requestTimeout(),
        p.staticKeys(),
        p.rateLimit(),
        retry,
        p.circuitBreaker(),
        p.bulkhead());
  }

  static AtlassianProperties with(AtlassianProperties p, RateLimitPolicy rateLimit) {
    return new AtlassianProperties(
        p.baseUrl(),
        p.connectTimeout(),
        p.requestTimeout(),
        p.staticKeys(),
        rateLimit,
        p.retry(),
        p.circuitBreaker(),
        p.bulkhead());
  }

  static AtlassianProperties with(AtlassianProperties p, BreakerPolicy breaker) {
    return new AtlassianProperties(
        p.baseUrl(),
        p.connectTimeout(),
        p.requestTimeout(),
        p.staticKeys(),
        p.rateLimit(),
        p.retry(),
        breaker,
        p.bulkhead());
  }

  static AtlassianProperties with(AtlassianProperties p, BulkheadPolicy bulkhead) {
    return new AtlassianProperties(
        p.baseUrl(),
        p.connectTimeout(),
        p.requestTimeout(),
        p.staticKeys(),
        p.rateLimit(),
        p.retry(),
        p.circuitBreaker(),
        bulkhead);
  }

  static AtlassianProperties withRequestTimeout(AtlassianProperties p, Duration timeout) {
    return new AtlassianProperties(
        p.baseUrl(),
        p.connectTimeout(),
        timeout,
        p.staticKeys(),
        p.rateLimit(),
        p.retry(),
        p.circuitBreaker(),
        p.bulkhead());
  }

  /** A client and the policy behind it, every org holding {@link #KEY}. */
  record Client(HttpAdminApi api, ResiliencePolicy policy, AdminApiHealth health) {}

  static Client client(AtlassianProperties properties) {
    ResiliencePolicy policy = new ResiliencePolicy(properties);
    ApiKeyProvider keys = orgId -> Optional.of(KEY);
    return new Client(
        new HttpAdminApi(properties, keys, policy, Clock.systemUTC()),
        policy,
        new AdminApiHealth(policy));
  }

  Client client() {
    return client(fast());
  }
}

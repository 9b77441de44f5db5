package app.reclaim.atlassian;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The admin-API client's one configuration ({@code reclaim.atlassian.*}): where the API is, how
 * long a request may take, and the resilience policy every org gets its own instance of. Absent
 * values take the production defaults below; tests scale the waits down in {@code
 * application-test.yaml}.
 *
 * @param baseUrl the API root, paths such as {@code /v2/orgs/...} are appended to it
 * @param connectTimeout how long opening a connection may take
 * @param requestTimeout how long one request may take until the whole response is read
 * @param staticKeys org id → API key, for development and tests only: read only when no other
 *     {@link ApiKeyProvider} bean exists (the credentials vault provides one in production)
 */
@ConfigurationProperties("reclaim.atlassian")
public record AtlassianProperties(
    URI baseUrl,
    Duration connectTimeout,
    Duration requestTimeout,
    Map<String, String> staticKeys,
    RateLimitPolicy rateLimit,
    RetryPolicy retry,
    BreakerPolicy circuitBreaker,
    BulkheadPolicy bulkhead) {

  public static final URI DEFAULT_BASE_URL = URI.create("https://api.atlassian.com/admin");

  public AtlassianProperties {
    baseUrl = baseUrl == null ? DEFAULT_BASE_URL : baseUrl;
    if (baseUrl.getScheme() == null || baseUrl.getHost() == null) {
      throw new IllegalArgumentException(
          "reclaim.atlassian.base-url must be an absolute http(s) URL");
    }
    connectTimeout = positive(connectTimeout, Duration.ofSeconds(5), "connect-timeout");
    requestTimeout = positive(requestTimeout, Duration.ofSeconds(30), "request-timeout");
    staticKeys = staticKeys == null ? Map.of() : Map.copyOf(staticKeys);
    rateLimit = rateLimit == null ? new RateLimitPolicy(0, null, null) : rateLimit;
    retry = retry == null ? new RetryPolicy(0, null, 0, null, null, null, null) : retry;
    circuitBreaker = circuitBreaker == null ? new BreakerPolicy(0, 0, 0, null, 0) : circuitBreaker;
    bulkhead = bulkhead == null ? new BulkheadPolicy(0, null) : bulkhead;
  }

  /** Every default: the production policy against {@code baseUrl}. */
  public static AtlassianProperties defaults(URI baseUrl) {
    return new AtlassianProperties(baseUrl, null, null, null, null, null, null, null);
  }

  public AtlassianProperties withBaseUrl(URI url) {
    return new AtlassianProperties(
        url,
        connectTimeout,
        requestTimeout,
        staticKeys,
        rateLimit,
        retry,
        circuitBreaker,
        bulkhead);
  }

  /** Never prints the static keys, only which orgs have one. */
  @Override
  public String toString() {
    return "AtlassianProperties[baseUrl="
        + baseUrl
        + ", connectTimeout="
        + connectTimeout
        + ", requestTimeout="
        + requestTimeout
        + ", staticKeys(orgs)="
        + staticKeys.keySet()
        + ", rateLimit="
        + rateLimit
        + ", retry="
        + retry
        + ", circuitBreaker="
        + circuitBreaker
        + ", bulkhead="
        + bulkhead
        + "]";
  }

  /**
   * Per org: at most {@code requestsPerPeriod} requests (every attempt counts) each {@code period};
   * a call waits up to {@code maxWait} for a permit, then fails as Throttled without a request.
   */
  public record RateLimitPolicy(int requestsPerPeriod, Duration period, Duration maxWait) {
    public RateLimitPolicy {
      requestsPerPeriod = requestsPerPeriod <= 0 ? 5 : requestsPerPeriod;
      period = positive(period, Duration.ofSeconds(1), "rate-limit.period");
      maxWait = nonNegative(maxWait, Duration.ofSeconds(30), "rate-limit.max-wait");
    }
  }

  /**
   * {@code maxAttempts} requests in all (1 = no retry) for 429, 5xx, timeouts and I/O errors, never
   * other 4xx. Between attempts: exponential backoff from {@code initialBackoff} by {@code
   * multiplier} up to {@code maxBackoff}, each randomised by ±{@code jitter}; at least the wait the
   * API asked for ({@code Retry-After}, else {@code X-RateLimit-Reset}) times {@code
   * serverWaitScale}. A wait asked for beyond {@code maxServerWait} is not waited out: the call
   * fails at once as Throttled with it.
   */
  public record RetryPolicy(
      int maxAttempts,
      Duration initialBackoff,
      double multiplier,
      Duration maxBackoff,
      Double jitter,
      Duration maxServerWait,
      Double serverWaitScale) {
    public RetryPolicy {
      maxAttempts = maxAttempts <= 0 ? 5 : maxAttempts;
      initialBackoff = positive(initialBackoff, Duration.ofMillis(500), "retry.initial-backoff");
      multiplier = multiplier <= 0 ? 2.0 : multiplier;
      if (multiplier < 1) {
        throw new IllegalArgumentException("reclaim.atlassian.retry.multiplier must be at least 1");
      }
      maxBackoff = positive(maxBackoff, Duration.ofSeconds(30), "retry.max-backoff");
      jitter = jitter == null ? 0.5 : jitter;
      if (jitter < 0 || jitter >= 1) {
        throw new IllegalArgumentException("reclaim.atlassian.retry.jitter must be in [0, 1)");
      }
      maxServerWait = nonNegative(maxServerWait, Duration.ofSeconds(60), "retry.max-server-wait");
      serverWaitScale = serverWaitScale == null ? 1.0 : serverWaitScale;
      if (serverWaitScale < 0 || serverWaitScale > 1) {
        throw new IllegalArgumentException(
            "reclaim.atlassian.retry.server-wait-scale must be in [0, 1]");
      }
    }
  }

  /**
   * Per org, over the last {@code slidingWindowSize} requests (once {@code minimumCalls} were
   * made): at {@code failureRateThreshold} % failures (5xx, timeouts, I/O) the breaker opens and
   * calls fail as Unavailable without a request for {@code waitInOpen}; then {@code halfOpenCalls}
   * trial requests decide whether it closes again. 429 and other 4xx are not failures of the API.
   */
  public record BreakerPolicy(
      int failureRateThreshold,
      int slidingWindowSize,
      int minimumCalls,
      Duration waitInOpen,
      int halfOpenCalls) {
    public BreakerPolicy {
      failureRateThreshold = failureRateThreshold <= 0 ? 50 : failureRateThreshold;
      if (failureRateThreshold > 100) {
        throw new IllegalArgumentException(
            "reclaim.atlassian.circuit-breaker.failure-rate-threshold is a percentage (1-100)");
      }
      slidingWindowSize = slidingWindowSize <= 0 ? 20 : slidingWindowSize;
      minimumCalls = minimumCalls <= 0 ? 10 : minimumCalls;
      waitInOpen = positive(waitInOpen, Duration.ofSeconds(30), "circuit-breaker.wait-in-open");
      halfOpenCalls = halfOpenCalls <= 0 ? 3 : halfOpenCalls;
    }
  }

  /**
   * Per org, at most {@code maxConcurrentCalls} requests in flight; a call waits up to {@code
   * maxWait}.
   */
  public record BulkheadPolicy(int maxConcurrentCalls, Duration maxWait) {
    public BulkheadPolicy {
      maxConcurrentCalls = maxConcurrentCalls <= 0 ? 4 : maxConcurrentCalls;
      maxWait = nonNegative(maxWait, Duration.ofSeconds(30), "bulkhead.max-wait");
    }
  }

  private static Duration positive(Duration value, Duration fallback, String key) {
    if (value == null) {
      return fallback;
    }
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException("reclaim.atlassian." + key + " must be positive");
    }
    return value;
  }

  private static Duration nonNegative(Duration value, Duration fallback, String key) {
    if (value == null) {
      return fallback;
    }
    if (value.isNegative()) {
      throw new IllegalArgumentException("reclaim.atlassian." + key + " must not be negative");
    }
    return value;
  }
}

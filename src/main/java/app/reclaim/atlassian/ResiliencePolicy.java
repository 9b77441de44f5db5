package app.reclaim.atlassian;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.core.functions.Either;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.github.resilience4j.ratelimiter.RequestNotPermitted;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-org policy around every request: one configuration, and one rate limiter, retry, circuit
 * breaker and bulkhead per org, taken from the registries by org id. Order, outermost first: retry,
 * breaker, rate limiter, bulkhead (Resilience4j's own default order), so every attempt is a request
 * that the breaker sees, needs a rate permit and holds a bulkhead slot only while in flight, and
 * backoff sleeps hold neither.
 */
final class ResiliencePolicy {

  private static final Logger log = LoggerFactory.getLogger(ResiliencePolicy.class);

  private final AtlassianProperties.RetryPolicy retryPolicy;
  private final IntervalFunction backoff;
  private final RateLimiterRegistry rateLimiters;
  private final RetryRegistry retries;
  private final CircuitBreakerRegistry breakers;
  private final BulkheadRegistry bulkheads;

  ResiliencePolicy(AtlassianProperties properties) {
    this.retryPolicy = properties.retry();
    this.backoff =
        IntervalFunction.ofExponentialRandomBackoff(
            retryPolicy.initialBackoff(),
            retryPolicy.multiplier(),
            retryPolicy.jitter(),
            retryPolicy.maxBackoff());
    var rate = properties.rateLimit();
    this.rateLimiters =
        RateLimiterRegistry.of(
            RateLimiterConfig.custom()
                .limitForPeriod(rate.requestsPerPeriod())
                .limitRefreshPeriod(rate.period())
                .timeoutDuration(rate.maxWait())
                .build());
    this.retries =
        RetryRegistry.of(
            RetryConfig.custom()
                .maxAttempts(retryPolicy.maxAttempts())
                .retryOnException(
                    t -> t instanceof UpstreamFailure f && f.retryable(retryPolicy.maxServerWait()))
                .intervalBiFunction(this::waitBeforeRetry)
                .build());
    var breaker = properties.circuitBreaker();
    this.breakers =
        CircuitBreakerRegistry.of(
            CircuitBreakerConfig.custom()
                .failureRateThreshold(breaker.failureRateThreshold())
                .slidingWindow(
                    breaker.slidingWindowSize(),
                    breaker.minimumCalls(),
                    SlidingWindowType.COUNT_BASED)
                .waitDurationInOpenState(breaker.waitInOpen())
                .permittedNumberOfCallsInHalfOpenState(breaker.halfOpenCalls())
                .recordException(t -> t instanceof UpstreamFailure f && f.countsAgainstBreaker())
                // Throttling, ours or the API's, says nothing about the API's health; anything else
                // that is
                // not recorded (a 4xx answer) counts as a success: the API answered.
                .ignoreException(
                    t ->
                        t instanceof UpstreamFailure f && !f.countsAgainstBreaker()
                            || t instanceof RequestNotPermitted
                            || t instanceof BulkheadFullException
                            || t instanceof AdminApiException.NotSent)
                .build());
    var bulkhead = properties.bulkhead();
    this.bulkheads =
        BulkheadRegistry.of(
            BulkheadConfig.custom()
                .maxConcurrentCalls(bulkhead.maxConcurrentCalls())
                .maxWaitDuration(bulkhead.maxWait())
                .build());
    logEvents();
  }

  /**
   * Runs {@code attempt} (one request) under the org's policy; failures leave as AdminApiException.
   */
  <T> T call(String orgId, Supplier<T> attempt) {
    Supplier<T> chain = Bulkhead.decorateSupplier(bulkheads.bulkhead(orgId), attempt);
    chain = RateLimiter.decorateSupplier(rateLimiters.rateLimiter(orgId), chain);
    chain = CircuitBreaker.decorateSupplier(breakers.circuitBreaker(orgId), chain);
    chain = Retry.decorateSupplier(retries.retry(orgId), chain);
    try {
      return chain.get();
    } catch (CallNotPermittedException e) {
      throw new AdminApiException.Unavailable(
          "admin API circuit breaker is open for this org", true, null);
    } catch (RequestNotPermitted e) {
      throw new AdminApiException.Throttled(
          -1,
          "admin API: no permit from this org's rate limiter within "
              + "reclaim.atlassian.rate-limit.max-wait; no request was made");
    } catch (BulkheadFullException e) {
      throw new AdminApiException.Throttled(
          -1,
          "admin API: this org's concurrent calls stayed at "
              + "reclaim.atlassian.bulkhead.max-concurrent-calls beyond max-wait; no request was made");
    } catch (UpstreamFailure f) {
      if (f.throttled()) {
        long seconds = f.serverWait() == null ? -1 : ceilSeconds(f.serverWait());
        throw new AdminApiException.Throttled(seconds);
      }
      throw new AdminApiException.Unavailable("admin API unavailable: " + f.getMessage(), false, f);
    }
  }

  /** Exponential backoff with jitter, and never less than the (scaled) wait the API asked for. */
  private Long waitBeforeRetry(int attempt, Either<Throwable, Object> outcome) {
    long millis = backoff.apply(attempt);
    if (outcome.isLeft()
        && outcome.getLeft() instanceof UpstreamFailure f
        && f.serverWait() != null) {
      long asked = (long) (f.serverWait().toMillis() * retryPolicy.serverWaitScale());
      // A little spread so that every caller told the same reset time does not return at once.
      long spread =
          (long)
              (retryPolicy.initialBackoff().toMillis()
                  * retryPolicy.jitter()
                  * ThreadLocalRandom.current().nextDouble());
      millis = Math.max(millis, asked + spread);
    }
    return millis;
  }

  private static long ceilSeconds(Duration d) {
    return d.toSeconds() + (d.toNanosPart() > 0 ? 1 : 0);
  }

  private void logEvents() {
    retries
        .getEventPublisher()
        .onEntryAdded(
            added ->
                added
                    .getAddedEntry()
                    .getEventPublisher()
                    .onRetry(
                        e ->
                            log.warn(
                                "admin API org={} {} (attempt {} of {}); retrying in {} ms",
                                e.getName(),
                                e.getLastThrowable() == null
                                    ? "?"
                                    : e.getLastThrowable().getMessage(),
                                e.getNumberOfRetryAttempts(),
                                retryPolicy.maxAttempts(),
                                e.getWaitInterval().toMillis())));
    breakers
        .getEventPublisher()
        .onEntryAdded(
            added ->
                added
                    .getAddedEntry()
                    .getEventPublisher()
                    .onStateTransition(
                        e ->
                            log.warn(
                                "admin API org={} circuit breaker {} -> {}",
                                e.getCircuitBreakerName(),
                                e.getStateTransition().getFromState(),
                                e.getStateTransition().getToState())));
  }

  CircuitBreakerRegistry breakers() {
    return breakers;
  }

  RateLimiterRegistry rateLimiters() {
    return rateLimiters;
  }

  BulkheadRegistry bulkheads() {
    return bulkheads;
  }
}

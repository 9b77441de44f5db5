package app.reclaim.simulator;

import java.time.Duration;
import java.time.Instant;

/**
 * Faults injected into one org's requests (all zero: none). Bound from {@code
 * reclaim.simulator.faults.*} (the start value of every org); changed at runtime through {@link
 * Faults}.
 *
 * @param rateLimit requests per second per org before 429 (0: no limit)
 * @param burstEvery with {@code burstLength}: of every {@code burstEvery} requests, {@code
 *     burstLength} in a row are answered 429 (0: no bursts)
 * @param retryAfter the {@code Retry-After} of burst 429s (rate-limit 429s say when their second
 *     ends)
 * @param errorRate share of requests answered with a 5xx (500, 502, 503 or 504), 0 to 1
 * @param errorSeed seed of the pseudo-random draw deciding which requests fail: same seed, same
 *     requests
 * @param latency added to every request; with {@code latencyMax}, a random value between the two
 * @param outageFrom with {@code outageUntil}: every request in between is answered 503
 */
public record FaultSettings(
    int rateLimit,
    int burstEvery,
    int burstLength,
    Duration retryAfter,
    double errorRate,
    long errorSeed,
    Duration latency,
    Duration latencyMax,
    Instant outageFrom,
    Instant outageUntil) {

  public static final FaultSettings NONE =
      new FaultSettings(0, 0, 0, null, 0, 0, null, null, null, null);

  public FaultSettings {
    retryAfter = retryAfter == null ? Duration.ofSeconds(1) : retryAfter;
    latency = latency == null ? Duration.ZERO : latency;
    latencyMax = latencyMax == null || latencyMax.compareTo(latency) < 0 ? latency : latencyMax;
    if (rateLimit < 0
        || burstEvery < 0
        || burstLength < 0
        || burstLength > burstEvery
        || errorRate < 0
        || errorRate > 1
        || latency.isNegative()
        || retryAfter.isNegative()) {
      throw new IllegalArgumentException(
          "reclaim.simulator faults: rate-limit >= 0, 0 <= burst-length <="
              + " burst-every, error-rate 0-1, latency and retry-after not negative");
    }
    if ((outageFrom == null) != (outageUntil == null)
        || (outageFrom != null && !outageUntil.isAfter(outageFrom))) {
      throw new IllegalArgumentException(
          "reclaim.simulator faults: outage-from and outage-until go"
              + " together, outage-until after outage-from");
    }
  }

  public FaultSettings withRateLimit(int perSecond) {
    return new FaultSettings(
        perSecond,
        burstEvery,
        burstLength,
        retryAfter,
        errorRate,
        errorSeed,
        latency,
        latencyMax,
        outageFrom,
        outageUntil);
  }

  public FaultSettings withBursts(int every, int length) {
    return new FaultSettings(
        rateLimit,
        every,
        length,
        retryAfter,
        errorRate,
        errorSeed,
        latency,
        latencyMax,
        outageFrom,
        outageUntil);
  }

  public FaultSettings withRetryAfter(Duration wait) {
    return new FaultSettings(
        rateLimit,
        burstEvery,
        burstLength,
        wait,
        errorRate,
        errorSeed,
        latency,
        latencyMax,
        outageFrom,
        outageUntil);
  }

  public FaultSettings withErrors(double share, long seed) {
    return new FaultSettings(
        rateLimit,
        burstEvery,
        burstLength,
        retryAfter,
        share,
        seed,
        latency,
        latencyMax,
        outageFrom,
        outageUntil);
  }

  public FaultSettings withLatency(Duration min, Duration max) {
    return new FaultSettings(
        rateLimit,
        burstEvery,
        burstLength,
        retryAfter,
        errorRate,
        errorSeed,
        min,
        max,
        outageFrom,
        outageUntil);
  }

  public FaultSettings withOutage(Instant from, Instant until) {
    return new FaultSettings(
        rateLimit,
        burstEvery,
        burstLength,
        retryAfter,
        errorRate,
        errorSeed,
        latency,
        latencyMax,
        from,
        until);
  }
}

package app.reclaim.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.function.UnaryOperator;

/**
 * Changes the faults of one org ({@link AdminApiSimulator#faults(String)}) or of every org, present
 * and added later ({@link AdminApiSimulator#faults()}). Each call replaces one kind of fault and
 * keeps the others; {@link #clear()} removes them all. Counters ({@link #throttleNext}, {@link
 * #outageFor}) count each org's requests separately.
 */
public final class Faults {

  /** What a {@link Faults} handle changes: one org's faults, or every org's. */
  interface Target {
    void update(UnaryOperator<FaultSettings> change);

    void throttleNext(int requests);

    void outageFor(int requests);

    FaultSettings settings();
  }

  private final Target target;

  Faults(Target target) {
    this.target = target;
  }

  /**
   * At most {@code perSecond} requests per second per org; beyond, 429 until the second ends (0:
   * off).
   */
  public Faults rateLimit(int perSecond) {
    return update(s -> s.withRateLimit(perSecond));
  }

  /**
   * Of every {@code every} requests, the last {@code length} in a row are answered 429 (0, 0: off).
   */
  public Faults throttleBursts(int every, int length) {
    return update(s -> s.withBursts(every, length));
  }

  /** The next {@code requests} requests are answered 429. */
  public Faults throttleNext(int requests) {
    target.throttleNext(requests);
    return this;
  }

  /**
   * The {@code Retry-After} (whole seconds, rounded up) of burst and {@link #throttleNext} 429s.
   */
  public Faults retryAfter(Duration wait) {
    return update(s -> s.withRetryAfter(wait));
  }

  /**
   * A share (0 to 1) of requests answered with 500, 502, 503 or 504, chosen by a pseudo-random draw
   * seeded with {@code seed}: the same requests in the same order fail the same way.
   */
  public Faults errorRate(double share, long seed) {
    return update(s -> s.withErrors(share, seed));
  }

  /** Every request waits {@code delay} before it is answered. */
  public Faults latency(Duration delay) {
    return update(s -> s.withLatency(delay, delay));
  }

  /** Every request waits a random time between {@code min} and {@code max}. */
  public Faults latency(Duration min, Duration max) {
    return update(s -> s.withLatency(min, max));
  }

  /** Every request from {@code from} (inclusive) to {@code until} (exclusive) is answered 503. */
  public Faults outage(Instant from, Instant until) {
    return update(s -> s.withOutage(from, until));
  }

  /** The next {@code requests} requests are answered 503. */
  public Faults outageFor(int requests) {
    target.outageFor(requests);
    return this;
  }

  /** No faults at all, pending 429s and 503s included. */
  public Faults clear() {
    target.update(s -> FaultSettings.NONE);
    target.throttleNext(0);
    target.outageFor(0);
    return this;
  }

  /** The settings now in force (for every org: the ones orgs added later start with). */
  public FaultSettings settings() {
    return target.settings();
  }

  private Faults update(UnaryOperator<FaultSettings> change) {
    target.update(change);
    return this;
  }
}

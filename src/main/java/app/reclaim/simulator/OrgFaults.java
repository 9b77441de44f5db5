package app.reclaim.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;

/** One org's fault settings and counters, and the decision taken for each request. */
final class OrgFaults implements Faults.Target {

  private static final int[] SERVER_ERRORS = {500, 502, 503, 504};

  private FaultSettings settings;
  private Random errors;
  private final Random latencies = new Random(0);
  private long windowSecond = Long.MIN_VALUE;
  private int windowCount;
  private long sequence;
  private int throttleNext;
  private int outageNext;

  OrgFaults(FaultSettings settings) {
    this.settings = settings;
    this.errors = new Random(settings.errorSeed());
  }

  @Override
  public synchronized void update(UnaryOperator<FaultSettings> change) {
    FaultSettings next = change.apply(settings);
    if (next.errorSeed() != settings.errorSeed() || next.errorRate() != settings.errorRate()) {
      errors = new Random(next.errorSeed());
    }
    settings = next;
  }

  @Override
  public synchronized void throttleNext(int requests) {
    throttleNext = Math.max(0, requests);
  }

  @Override
  public synchronized void outageFor(int requests) {
    outageNext = Math.max(0, requests);
  }

  @Override
  public synchronized FaultSettings settings() {
    return settings;
  }

  /**
   * What happens to a request arriving at {@code now}: how long it waits, and either a fault status
   * with its headers and message, or status 0 (answer normally) with the rate-limit headers to add.
   */
  synchronized Verdict decide(Instant now) {
    Duration delay = delay();
    Map<String, String> headers = new LinkedHashMap<>();
    if (outageNext > 0 || inOutageWindow(now)) {
      outageNext = Math.max(0, outageNext - 1);
      return new Verdict(delay, 503, headers, "Service Unavailable");
    }
    if (settings.rateLimit() > 0) {
      long second = now.getEpochSecond();
      if (second != windowSecond) {
        windowSecond = second;
        windowCount = 0;
      }
      windowCount++;
      Instant reset = Instant.ofEpochSecond(second + 1);
      rateHeaders(
          headers, settings.rateLimit(), Math.max(0, settings.rateLimit() - windowCount), reset);
      if (windowCount > settings.rateLimit()) {
        headers.put("Retry-After", "1");
        return new Verdict(delay, 429, headers, "Too Many Requests");
      }
    }
    sequence++;
    boolean burst =
        settings.burstEvery() > 0
            && (sequence - 1) % settings.burstEvery()
                >= settings.burstEvery() - settings.burstLength();
    if (throttleNext > 0 || burst) {
      throttleNext = Math.max(0, throttleNext - 1);
      long wait = (settings.retryAfter().toMillis() + 999) / 1000;
      int limit =
          settings.rateLimit() > 0 ? settings.rateLimit() : Math.max(1, settings.burstEvery());
      rateHeaders(
          headers, limit, 0, Instant.ofEpochSecond(now.getEpochSecond() + Math.max(1, wait)));
      headers.put("Retry-After", Long.toString(wait));
      return new Verdict(delay, 429, headers, "Too Many Requests");
    }
    if (settings.errorRate() > 0) {
      boolean fail = errors.nextDouble() < settings.errorRate();
      int status = SERVER_ERRORS[errors.nextInt(SERVER_ERRORS.length)];
      if (fail) {
        return new Verdict(
            delay,
            status,
            headers,
            status == 503
                ? "Service Unavailable"
                : status == 500
                    ? "Internal Server Error"
                    : status == 502 ? "Bad Gateway" : "Gateway Timeout");
      }
    }
    return new Verdict(delay, 0, headers, null);
  }

  private boolean inOutageWindow(Instant now) {
    return settings.outageFrom() != null
        && !now.isBefore(settings.outageFrom())
        && now.isBefore(settings.outageUntil());
  }

  private Duration delay() {
    long min = settings.latency().toMillis();
    long max = settings.latencyMax().toMillis();
    return Duration.ofMillis(
        max > min ? min + (long) (latencies.nextDouble() * (max - min + 1)) : min);
  }

  private static void rateHeaders(
      Map<String, String> headers, int limit, int remaining, Instant reset) {
    headers.put("X-RateLimit-Limit", Integer.toString(limit));
    headers.put("X-RateLimit-Remaining", Integer.toString(remaining));
    headers.put("X-RateLimit-Reset", reset.toString());
  }

  /** status 0: answer the request; otherwise answer it with this status, headers and message. */
  record Verdict(Duration delay, int status, Map<String, String> headers, String message) {}
}

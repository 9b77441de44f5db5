package app.reclaim.atlassian;

import java.time.Duration;

/**
 * One failed attempt inside the resilience chain: what Retry and the circuit breaker decide on. It
 * never leaves the module: {@link ResiliencePolicy} turns the last one into an {@link
 * AdminApiException}. Its message names the method, path template and status, never ids, bodies or
 * the key.
 */
final class UpstreamFailure extends RuntimeException {

  enum Kind {
    /** 429 or 5xx. */
    STATUS,
    TIMEOUT,
    IO,
    /**
     * A 2xx whose body is not the JSON expected, or an unexpected 1xx/3xx: retrying will not help.
     */
    MALFORMED,
    INTERRUPTED
  }

  private final Kind kind;
  private final int status;
  private final Duration serverWait;

  private UpstreamFailure(
      Kind kind, String call, int status, Duration serverWait, Throwable cause) {
    super(
        call + ": " + (kind == Kind.STATUS ? String.valueOf(status) : kind.name().toLowerCase()),
        cause,
        false,
        false);
    this.kind = kind;
    this.status = status;
    this.serverWait = serverWait;
  }

  static UpstreamFailure status(String call, int status, Duration serverWait) {
    return new UpstreamFailure(Kind.STATUS, call, status, serverWait, null);
  }

  static UpstreamFailure of(Kind kind, String call, Throwable cause) {
    return new UpstreamFailure(kind, call, 0, null, cause);
  }

  Kind kind() {
    return kind;
  }

  int status() {
    return status;
  }

  /** The wait the API asked for (Retry-After or X-RateLimit-Reset), unscaled; null when none. */
  Duration serverWait() {
    return serverWait;
  }

  boolean throttled() {
    return kind == Kind.STATUS && status == 429;
  }

  /** Worth another attempt, unless the API asked for a longer wait than we are willing to sleep. */
  boolean retryable(Duration maxServerWait) {
    boolean transientKind = kind == Kind.STATUS || kind == Kind.TIMEOUT || kind == Kind.IO;
    return transientKind && (serverWait == null || serverWait.compareTo(maxServerWait) <= 0);
  }

  /** A failure of the API itself (not throttling, not our own interruption). */
  boolean countsAgainstBreaker() {
    return kind != Kind.INTERRUPTED && !throttled();
  }
}

package app.reclaim.atlassian;

/**
 * A failed admin-API call, as it leaves the module: {@link Rejected} (a 4xx answer other than 429,
 * with the upstream status and message), {@link Throttled} (429 still after retries), or
 * {@link Unavailable} (5xx, timeouts, connection failures after retries, or the breaker open).
 */
public abstract sealed class AdminApiException extends RuntimeException {

  AdminApiException(String message, Throwable cause) {
    super(message, cause);
  }

  /** The API answered 4xx (not 429): the request is wrong or not allowed; retrying will not help. */
  public static final class Rejected extends AdminApiException {
    private final int status;
    private final String upstreamMessage;

    public Rejected(int status, String upstreamMessage) {
      super("admin API rejected the request: " + status + " " + upstreamMessage, null);
      this.status = status;
      this.upstreamMessage = upstreamMessage;
    }

    public int status() {
      return status;
    }

    public String upstreamMessage() {
      return upstreamMessage;
    }
  }

  /** Rate limited (429) beyond the retry budget; {@code retryAfterSeconds} as the API said, or -1. */
  public static final class Throttled extends AdminApiException {
    private final long retryAfterSeconds;

    public Throttled(long retryAfterSeconds) {
      super("admin API rate limit; retry after " + retryAfterSeconds + " s", null);
      this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
      return retryAfterSeconds;
    }
  }

  /** The API could not be reached or failed (5xx, timeout), or the org's circuit breaker is open. */
  public static final class Unavailable extends AdminApiException {
    private final boolean breakerOpen;

    public Unavailable(String message, boolean breakerOpen, Throwable cause) {
      super(message, cause);
      this.breakerOpen = breakerOpen;
    }

    public boolean breakerOpen() {
      return breakerOpen;
    }
  }
}

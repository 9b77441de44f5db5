package app.reclaim.atlassian;

/**
 * A failed admin-API call, as it leaves the module: {@link Rejected} (a 4xx answer other than 429,
 * with the upstream status and message), {@link Throttled} (429 still after retries), {@link
 * Unavailable} (5xx, timeouts, connection failures after retries, or the breaker open), or {@link
 * NotSent} (the caller's {@link AdminApi.SendPermit} refused the request: nothing was sent).
 */
public abstract sealed class AdminApiException extends RuntimeException {

  AdminApiException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * The API answered 4xx (not 429): the request is wrong or not allowed; retrying will not help.
   * Also thrown, with status 401 and no request made, when no API key is configured for the org.
   * The upstream message is kept out of {@link #getMessage()}, so that logging the exception never
   * logs upstream text (which may quote a name or an email).
   */
  public static final class Rejected extends AdminApiException {
    private final int status;
    private final String upstreamMessage;

    public Rejected(int status, String upstreamMessage) {
      super("admin API rejected the request: " + status, null);
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

  /**
   * Rate limited: by the API (429) beyond the retry budget, or asking for a longer wait than {@code
   * reclaim.atlassian.retry.max-server-wait}; or by Reclaim's own per-org rate limiter or bulkhead
   * when no permit came within their {@code max-wait} (no request was made). {@code
   * retryAfterSeconds} as the API said (rounded up), or -1 when unknown.
   */
  public static final class Throttled extends AdminApiException {
    private final long retryAfterSeconds;

    public Throttled(long retryAfterSeconds) {
      this(retryAfterSeconds, "admin API rate limit; retry after " + retryAfterSeconds + " s");
    }

    public Throttled(long retryAfterSeconds, String message) {
      super(message, null);
      this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
      return retryAfterSeconds;
    }
  }

  /**
   * The API could not be reached or failed (5xx, timeout), or the org's circuit breaker is open.
   */
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

  /**
   * No request was sent: the caller's {@link AdminApi.SendPermit} (its lease cannot cover the
   * request's longest time) refused it, before this attempt or a retry. What earlier attempts did
   * upstream is unknown to the caller, as after a timeout.
   */
  public static final class NotSent extends AdminApiException {
    public NotSent(String message) {
      super(message, null);
    }
  }
}

package app.reclaim.support;

/**
 * How a log line about an org names one of the org's end users (an Atlassian account id, a SCIM
 * user id, the account of an admin acting): as the id itself, or as {@link #HIDDEN} when the org
 * switched {@code endUserDataInLogs} off, so that its lines carry counts only. Every log statement
 * in main code that prints such an id passes it through {@link #id}; exceptions logged for such an
 * org go through {@link #exception}, since their messages may quote ids. The organizations module
 * implements it from the org's settings (cached per instance); modules only see this interface.
 */
public interface LogPrivacy {

  /** What a hidden end-user id is logged as. */
  String HIDDEN = "[hidden]";

  /** Shows every id: for unit tests and tools that run without the organizations module. */
  LogPrivacy SHOW_ALL = orgId -> true;

  /**
   * Whether log lines about {@code orgId} may carry end-user ids. Answers false (hide) when the
   * org's settings cannot be read, so a failure never leaks an id.
   */
  boolean shows(String orgId);

  /** {@code endUserId} as a log line about {@code orgId} may show it. */
  default String id(String orgId, String endUserId) {
    return endUserId == null || shows(orgId) ? endUserId : HIDDEN;
  }

  /**
   * {@code e} itself, or, when the org hides end-user data, a stand-in with the same class names
   * and stack traces (causes included) but without messages, which may quote ids or upstream text.
   */
  default Throwable exception(String orgId, Throwable e) {
    return e == null || shows(orgId) ? e : Redacted.of(e, 0);
  }

  /** A logged exception without its message (see {@link #exception}). */
  final class Redacted extends RuntimeException {

    private static final int MAX_CAUSES = 16;

    private Redacted(Throwable original) {
      super(original.getClass().getName() + " (message hidden: end-user data in logs is off)");
      setStackTrace(original.getStackTrace());
    }

    static Redacted of(Throwable original, int depth) {
      Redacted r = new Redacted(original);
      Throwable cause = original.getCause();
      if (cause != null && cause != original && depth < MAX_CAUSES) {
        r.initCause(of(cause, depth + 1));
      }
      return r;
    }
  }
}

package app.reclaim.security;

import app.reclaim.support.ErrorCode;
import app.reclaim.support.ReclaimException;
import java.util.Set;

/**
 * The authenticated caller of a request: the org every query is scoped to, the account, the roles.
 */
public record Caller(String orgId, String accountId, Set<Role> roles) {

  /** Key of the caller in the GraphQL context. */
  public static final String CONTEXT_KEY = "reclaim.caller";

  /**
   * Name of the servlet request attribute holding the caller of an authenticated HTTP request (the
   * GraphQL endpoint and {@code /platform}); {@code orgId} is null for platform callers.
   */
  public static final String REQUEST_ATTRIBUTE = "app.reclaim.security.Caller";

  public Caller {
    roles = Set.copyOf(roles);
  }

  /** The caller, or UNAUTHENTICATED when the request carried none. */
  public static Caller require(Caller caller) {
    if (caller == null) {
      throw new ReclaimException(ErrorCode.UNAUTHENTICATED, "authentication required");
    }
    return caller;
  }

  /** Throws FORBIDDEN unless the caller holds {@code role}. */
  public Caller requireRole(Role role) {
    if (!roles.contains(role)) {
      throw new ReclaimException(ErrorCode.FORBIDDEN, "this operation needs the " + role + " role");
    }
    return this;
  }
}

package app.reclaim.organizations;

import app.reclaim.support.ErrorCode;
import app.reclaim.support.ReclaimException;

/** An install request that cannot be carried out; {@code field} names the offending input. */
public class InvalidInstallationException extends ReclaimException {

  private final String field;
  private final String reason;

  public InvalidInstallationException(String field, String code, String message) {
    super(ErrorCode.BAD_USER_INPUT, message);
    this.field = field;
    this.reason = code;
  }

  public String field() {
    return field;
  }

  /** A machine-readable reason, e.g. UNKNOWN_REGION, for userErrors and REST bodies. */
  public String reason() {
    return reason;
  }
}

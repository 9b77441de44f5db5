package app.reclaim.organizations;

import app.reclaim.support.ErrorCode;
import app.reclaim.support.ReclaimException;

/** An erasure request that cannot be carried out; {@code field} names the offending input. */
class InvalidErasureException extends ReclaimException {

  private final String field;
  private final String reason;

  InvalidErasureException(String field, String code, String message) {
    super(ErrorCode.BAD_USER_INPUT, message);
    this.field = field;
    this.reason = code;
  }

  String field() {
    return field;
  }

  /** A machine-readable reason, e.g. TOO_MANY, for the REST body. */
  String reason() {
    return reason;
  }
}

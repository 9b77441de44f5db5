package app.reclaim.organizations;

/**
 * A migration hook call that cannot be carried out, with the HTTP status, a machine-readable code,
 * and the Forge {@code errorResponseCode} the platform acts on: E0001 not scheduled, E0002 target
 * region unsupported, E0004 too many concurrent migrations, E9999 anything else. Nothing was
 * changed.
 */
public class ResidencyMoveException extends RuntimeException {

  private final int status;
  private final String code;
  private final String errorResponseCode;
  private final String field;

  ResidencyMoveException(
      int status, String code, String errorResponseCode, String field, String message) {
    super(message);
    this.status = status;
    this.code = code;
    this.errorResponseCode = errorResponseCode;
    this.field = field;
  }

  static ResidencyMoveException notScheduled(String orgId, String migrationId) {
    return new ResidencyMoveException(
        404,
        "NOT_SCHEDULED",
        "E0001",
        "migrationId",
        "no residency move " + migrationId + " was scheduled for organization " + orgId);
  }

  static ResidencyMoveException invalid(String field, String message) {
    return new ResidencyMoveException(400, "INVALID", "E9999", field, message);
  }

  static ResidencyMoveException conflict(String code, String message) {
    return new ResidencyMoveException(409, code, "E9999", null, message);
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public String errorResponseCode() {
    return errorResponseCode;
  }

  public String field() {
    return field;
  }
}

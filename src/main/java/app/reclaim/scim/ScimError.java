package app.reclaim.scim;

import com.unboundid.scim2.common.exceptions.ScimException;
import com.unboundid.scim2.common.messages.ErrorResponse;

/**
 * The one exception SCIM handling throws: an HTTP status and, for 400/409/413, the RFC 7644 §3.12
 * {@code scimType}. The controller advice turns it into a SCIM Error body; the detail never carries
 * a userName, email or name (it may reach logs).
 */
class ScimError extends RuntimeException {

  private final int status;
  private final String scimType;

  ScimError(int status, String scimType, String detail) {
    super(detail);
    this.status = status;
    this.scimType = scimType;
  }

  static ScimError badRequest(String scimType, String detail) {
    return new ScimError(400, scimType, detail);
  }

  static ScimError invalidValue(String detail) {
    return badRequest("invalidValue", detail);
  }

  static ScimError notFound(String resourceType, String id) {
    return new ScimError(404, null, resourceType + " " + id + " not found");
  }

  static ScimError uniqueness(String detail) {
    return new ScimError(409, "uniqueness", detail);
  }

  static ScimError versionMismatch() {
    return preconditionFailed("the resource changed: its version does not match If-Match");
  }

  static ScimError preconditionFailed(String detail) {
    return new ScimError(412, null, detail);
  }

  static ScimError notImplemented(String detail) {
    return new ScimError(501, null, detail);
  }

  /** The SDK's own exceptions (filter and path parsing, PATCH application) keep their scimType. */
  static ScimError from(ScimException e) {
    ErrorResponse error = e.getScimError();
    int status = error.getStatus() == null ? 400 : error.getStatus();
    return new ScimError(
        status,
        error.getScimType(),
        error.getDetail() != null ? error.getDetail() : e.getMessage());
  }

  int status() {
    return status;
  }

  String scimType() {
    return scimType;
  }

  ErrorResponse toResponse() {
    ErrorResponse response = new ErrorResponse(status);
    response.setScimType(scimType);
    response.setDetail(getMessage());
    return response;
  }
}

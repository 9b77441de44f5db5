package app.reclaim.scim;

import app.reclaim.organizations.OrganizationMovingException;
import app.reclaim.store.UnknownOrganizationException;
import app.reclaim.support.LogPrivacy;
import app.reclaim.support.ReclaimException;
import com.unboundid.scim2.common.messages.ErrorResponse;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/** Every SCIM failure as an RFC 7644 §3.12 Error; unexpected ones as 500 with no exception text. */
@RestControllerAdvice(assignableTypes = ScimController.class)
class ScimExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(ScimExceptionHandler.class);
  private final LogPrivacy logPrivacy;

  ScimExceptionHandler(LogPrivacy logPrivacy) {
    this.logPrivacy = logPrivacy;
  }

  @ExceptionHandler(ScimError.class)
  ResponseEntity<ErrorResponse> scim(ScimError e) {
    return respond(e);
  }

  @ExceptionHandler(HttpMessageNotReadableException.class)
  ResponseEntity<ErrorResponse> unreadable(HttpMessageNotReadableException e) {
    return respond(ScimError.badRequest("invalidSyntax", "the request body is not valid JSON"));
  }

  @ExceptionHandler(MethodArgumentTypeMismatchException.class)
  ResponseEntity<ErrorResponse> badParameter(MethodArgumentTypeMismatchException e) {
    return respond(ScimError.invalidValue("query parameter " + e.getName() + " is not valid"));
  }

  @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
  ResponseEntity<ErrorResponse> mediaType(HttpMediaTypeNotSupportedException e) {
    return respond(new ScimError(415, null, "send application/scim+json or application/json"));
  }

  @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
  ResponseEntity<ErrorResponse> method(HttpRequestMethodNotSupportedException e) {
    return respond(new ScimError(405, null, "method not allowed on this endpoint"));
  }

  /** A write that met a freeze the filter did not see yet (a move starting meanwhile). */
  @ExceptionHandler(OrganizationMovingException.class)
  ResponseEntity<ErrorResponse> moving(OrganizationMovingException e) {
    return ResponseEntity.status(503)
        .header(
            org.springframework.http.HttpHeaders.RETRY_AFTER,
            ScimAuthenticationFilter.RETRY_AFTER_SECONDS)
        .contentType(ScimJsonHttpMessageConverter.SCIM_JSON)
        .body(new ScimError(503, null, e.getMessage()).toResponse());
  }

  @ExceptionHandler(ReclaimException.class)
  ResponseEntity<ErrorResponse> directory(ReclaimException e) {
    log.info("SCIM request refused by the directory: {}", e.getMessage());
    return respond(ScimError.invalidValue(e.getMessage()));
  }

  @ExceptionHandler(UnknownOrganizationException.class)
  ResponseEntity<ErrorResponse> unknownOrg(UnknownOrganizationException e) {
    return respond(new ScimError(401, null, "the token's organization is not installed"));
  }

  @ExceptionHandler(Exception.class)
  ResponseEntity<ErrorResponse> unexpected(Exception e, HttpServletRequest request) {
    // The org of the token (set by the authentication filter) decides whether the message shows.
    String orgId =
        request.getAttribute(ScimClient.REQUEST_ATTRIBUTE) instanceof ScimClient client
            ? client.orgId()
            : null;
    log.error("SCIM request failed", logPrivacy.exception(orgId, e));
    return respond(new ScimError(500, null, "internal error"));
  }

  private static ResponseEntity<ErrorResponse> respond(ScimError e) {
    return ResponseEntity.status(e.status())
        .contentType(ScimJsonHttpMessageConverter.SCIM_JSON)
        .body(e.toResponse());
  }
}

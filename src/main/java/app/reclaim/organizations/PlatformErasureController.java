package app.reclaim.organizations;

import app.reclaim.security.Caller;
import app.reclaim.security.Role;
import app.reclaim.support.ErrorCode;
import app.reclaim.support.ReclaimException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /platform/erasures}: the platform (PLATFORM token, checked by the security filter and
 * here) erases the personal data of accounts it reports closed. Errors are {@code {"error":
 * {"code", "field", "message"}}}, as for installations.
 */
@RestController
@RequestMapping("/platform")
class PlatformErasureController {

  private final PersonalDataErasures erasures;

  PlatformErasureController(PersonalDataErasures erasures) {
    this.erasures = erasures;
  }

  /** What the platform sends: the org and the closed accounts (1 to 1,000 ids). */
  record ErasureRequest(String orgId, List<String> accountIds) {}

  /** 200 with the counts erased per kind; the same shape (zeros) when asked again. */
  @PostMapping("/erasures")
  PersonalDataErasures.Result erase(
      @RequestAttribute(name = Caller.REQUEST_ATTRIBUTE, required = false) Caller caller,
      @RequestBody ErasureRequest request) {
    Caller.require(caller).requireRole(Role.PLATFORM);
    return erasures.erase(request.orgId(), request.accountIds());
  }

  @ExceptionHandler
  ResponseEntity<Map<String, Object>> invalid(InvalidErasureException e) {
    return error(HttpStatus.BAD_REQUEST, e.reason(), e.field(), e.getMessage());
  }

  @ExceptionHandler
  ResponseEntity<Map<String, Object>> unreadable(HttpMessageNotReadableException e) {
    return error(
        HttpStatus.BAD_REQUEST,
        "MALFORMED_JSON",
        null,
        "the body must be a JSON object {\"orgId\", \"accountIds\": [...]}");
  }

  @ExceptionHandler
  ResponseEntity<Map<String, Object>> refused(ReclaimException e) {
    HttpStatus status =
        switch (e.code()) {
          case UNAUTHENTICATED -> HttpStatus.UNAUTHORIZED;
          case FORBIDDEN -> HttpStatus.FORBIDDEN;
          case NOT_FOUND -> HttpStatus.NOT_FOUND;
          case BAD_USER_INPUT -> HttpStatus.BAD_REQUEST;
          case ORGANIZATION_MOVING -> HttpStatus.CONFLICT;
          case INTERNAL -> HttpStatus.INTERNAL_SERVER_ERROR;
        };
    return error(
        status,
        e.code().name(),
        null,
        e.code() == ErrorCode.INTERNAL ? "internal error" : e.getMessage());
  }

  private static ResponseEntity<Map<String, Object>> error(
      HttpStatus status, String code, String field, String message) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("code", code);
    if (field != null) {
      error.put("field", field);
    }
    error.put("message", message);
    return ResponseEntity.status(status).body(Map.of("error", error));
  }
}

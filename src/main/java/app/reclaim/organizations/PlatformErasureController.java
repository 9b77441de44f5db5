package app.reclaim.organizations;

import app.reclaim.security.Caller;
import app.reclaim.security.Role;
import app.reclaim.support.ReclaimException;
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
    return PlatformErrors.error(
        HttpStatus.BAD_REQUEST.value(), e.reason(), e.field(), e.getMessage());
  }

  @ExceptionHandler
  ResponseEntity<Map<String, Object>> unreadable(HttpMessageNotReadableException e) {
    return PlatformErrors.error(
        HttpStatus.BAD_REQUEST.value(),
        "MALFORMED_JSON",
        null,
        "the body must be a JSON object {\"orgId\", \"accountIds\": [...]}");
  }

  @ExceptionHandler
  ResponseEntity<Map<String, Object>> refused(ReclaimException e) {
    return PlatformErrors.of(e);
  }
}

package app.reclaim.organizations;

import app.reclaim.support.ErrorCode;
import app.reclaim.support.ReclaimException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/** The {@code /platform} error body: {@code {"error": {"code", "field", "message"}}}. */
final class PlatformErrors {

  private PlatformErrors() {}

  static ResponseEntity<Map<String, Object>> error(
      int status, String code, String field, String message) {
    return ResponseEntity.status(status).body(Map.of("error", body(code, field, message)));
  }

  static Map<String, Object> body(String code, String field, String message) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("code", code);
    if (field != null) {
      error.put("field", field);
    }
    error.put("message", message);
    return error;
  }

  /** A refused caller (no PLATFORM role) or another safe failure. */
  static ResponseEntity<Map<String, Object>> of(ReclaimException e) {
    HttpStatus status =
        switch (e.code()) {
          case UNAUTHENTICATED -> HttpStatus.UNAUTHORIZED;
          case FORBIDDEN -> HttpStatus.FORBIDDEN;
          case NOT_FOUND -> HttpStatus.NOT_FOUND;
          case BAD_USER_INPUT, WEBSOCKET_REQUIRED -> HttpStatus.BAD_REQUEST;
          case ORGANIZATION_MOVING -> HttpStatus.CONFLICT;
          case UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
          case INTERNAL -> HttpStatus.INTERNAL_SERVER_ERROR;
        };
    return error(
        status.value(),
        e.code().name(),
        null,
        e.code() == ErrorCode.INTERNAL ? "internal error" : e.getMessage());
  }
}

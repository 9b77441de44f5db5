package app.reclaim.organizations;

import app.reclaim.security.Caller;
import app.reclaim.security.Role;
import app.reclaim.support.ReclaimException;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code DELETE /platform/installations/{orgId}} (PLATFORM token): purges the org everywhere and
 * answers the rows deleted per table; 404 once it is gone, so a second call deletes nothing.
 */
@RestController
@RequestMapping("/platform/installations")
class UninstallController {

  private final Uninstaller uninstaller;

  UninstallController(Uninstaller uninstaller) {
    this.uninstaller = uninstaller;
  }

  @DeleteMapping("/{orgId}")
  Uninstaller.Uninstallation uninstall(
      @RequestAttribute(name = Caller.REQUEST_ATTRIBUTE, required = false) Caller caller,
      @PathVariable String orgId) {
    Caller.require(caller).requireRole(Role.PLATFORM);
    return uninstaller.uninstall(orgId);
  }

  @ExceptionHandler
  ResponseEntity<Map<String, Object>> notInstalled(Uninstaller.NotInstalled e) {
    return PlatformErrors.error(404, "NOT_INSTALLED", "orgId", e.getMessage());
  }

  @ExceptionHandler
  ResponseEntity<Map<String, Object>> refused(Uninstaller.Refused e) {
    return PlatformErrors.error(e.status(), e.code(), null, e.getMessage());
  }

  @ExceptionHandler
  ResponseEntity<Map<String, Object>> refused(ReclaimException e) {
    return PlatformErrors.of(e);
  }
}

package app.reclaim.organizations;

import app.reclaim.security.Caller;
import app.reclaim.security.Role;
import app.reclaim.support.ReclaimException;
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
 * The platform's lifecycle calls (Atlassian's app platform or an operator, with a PLATFORM token):
 * {@code POST /platform/installations} installs an org. The security filter has authenticated the
 * token before this runs; errors are {@code {"error": {"code", "field", "message"}}}.
 */
@RestController
@RequestMapping("/platform")
class PlatformController {

  private final OrganizationService organizations;

  PlatformController(OrganizationService organizations) {
    this.organizations = organizations;
  }

  /** What the platform sends to install an org. */
  record InstallationRequest(String orgId, String name, String region) {}

  /** 201 with the org when it was installed now, 200 when it already was (same region). */
  @PostMapping("/installations")
  ResponseEntity<Organization> install(
      @RequestAttribute(name = Caller.REQUEST_ATTRIBUTE, required = false) Caller caller,
      @RequestBody InstallationRequest request) {
    Caller.require(caller).requireRole(Role.PLATFORM);
    var installation =
        organizations.install(
            new InstallOrganization(request.orgId(), request.name(), request.region()));
    return ResponseEntity.status(installation.created() ? HttpStatus.CREATED : HttpStatus.OK)
        .body(installation.organization());
  }

  @ExceptionHandler
  ResponseEntity<Map<String, Object>> invalid(InvalidInstallationException e) {
    return PlatformErrors.error(
        HttpStatus.BAD_REQUEST.value(), e.reason(), e.field(), e.getMessage());
  }

  @ExceptionHandler
  ResponseEntity<Map<String, Object>> unreadable(HttpMessageNotReadableException e) {
    return PlatformErrors.error(
        HttpStatus.BAD_REQUEST.value(),
        "MALFORMED_JSON",
        null,
        "the body must be a JSON object {\"orgId\", \"name\", \"region\"}");
  }

  @ExceptionHandler
  ResponseEntity<Map<String, Object>> refused(ReclaimException e) {
    return PlatformErrors.of(e);
  }
}

package app.reclaim.reports;

import app.reclaim.security.Caller;
import app.reclaim.security.Role;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import tools.jackson.databind.json.JsonMapper;

/**
 * The dashboard as CSV over HTTP, for the org's VIEWERs and ADMINs (the bearer token is checked by
 * the security filter covering {@code /exports}, as for the cleanup exports): the figures of the
 * {@code dashboard} query, one per record ({@link DashboardCsv}), streamed to the client as they
 * are written.
 */
@RestController
class DashboardExports {

  private static final Logger log = LoggerFactory.getLogger(DashboardExports.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();
  static final MediaType CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);

  private final DashboardService dashboards;

  DashboardExports(DashboardService dashboards) {
    this.dashboards = dashboards;
  }

  @GetMapping("/exports/dashboard.csv")
  ResponseEntity<StreamingResponseBody> dashboardCsv(
      @RequestAttribute(name = Caller.REQUEST_ATTRIBUTE, required = false) Caller caller) {
    if (caller == null) {
      return error(HttpStatus.UNAUTHORIZED, "UNAUTHENTICATED", "authentication required");
    }
    if (caller.orgId() == null
        || !(caller.roles().contains(Role.VIEWER) || caller.roles().contains(Role.ADMIN))) {
      return error(HttpStatus.FORBIDDEN, "FORBIDDEN", "exports need the VIEWER or ADMIN role");
    }
    // Computed before the response starts, so a failure is still an HTTP error, not a cut file.
    Dashboard d = dashboards.dashboard(caller);
    Map<Dashboard.UpcomingRun, Integer> matching =
        dashboards.matchingUsers(caller, d.upcomingRuns());
    StreamingResponseBody body =
        out -> {
          Writer w =
              new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 16 * 1024);
          DashboardCsv.write(w, d, matching);
          log.info("dashboard export of org {} for account {}", caller.orgId(), caller.accountId());
        };
    String day = d.generatedAt().atZone(ZoneOffset.UTC).toLocalDate().toString();
    return ResponseEntity.ok()
        .contentType(CSV)
        .header(
            HttpHeaders.CONTENT_DISPOSITION,
            "attachment; filename=\"dashboard-" + caller.orgId() + "-" + day + ".csv\"")
        .body(body);
  }

  private static ResponseEntity<StreamingResponseBody> error(
      HttpStatus status, String code, String message) {
    byte[] json = JSON.writeValueAsBytes(Map.of("error", Map.of("code", code, "message", message)));
    return ResponseEntity.status(status)
        .contentType(MediaType.APPLICATION_JSON)
        .body(out -> out.write(json));
  }
}

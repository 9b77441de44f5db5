package app.reclaim.organizations;

import app.reclaim.security.Caller;
import app.reclaim.security.Role;
import app.reclaim.support.ReclaimException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The data-residency migration hooks the platform calls for one org (Forge's {@code
 * migration:dataResidency} module, ADMIN-API.md §3), under {@code
 * /platform/installations/{orgId}/migration}, PLATFORM token only: {@code POST schedule}, {@code
 * POST start}, {@code GET status?migrationId=}, {@code POST commit}, {@code POST rollback}. A move
 * answers as {@code {"migrationId", "status", "state", ...}}; refusals add Forge's {@code
 * errorResponseCode} (E0001 not scheduled, E0002 unsupported location, E0004 another move running,
 * E9999 anything else) to the usual {@code {"error": {...}}} body.
 */
@RestController
@RequestMapping("/platform/installations/{orgId}/migration")
class MigrationHooksController {

  private final ResidencyMoves moves;

  MigrationHooksController(ResidencyMoves moves) {
    this.moves = moves;
  }

  /** The body of start, commit and rollback. */
  record MigrationRef(String migrationId) {}

  @PostMapping("/schedule")
  Map<String, Object> schedule(
      @RequestAttribute(name = Caller.REQUEST_ATTRIBUTE, required = false) Caller caller,
      @PathVariable String orgId,
      @RequestBody ResidencyMoves.Schedule request) {
    platform(caller);
    return view(moves.schedule(orgId, request));
  }

  @PostMapping("/start")
  ResponseEntity<Map<String, Object>> start(
      @RequestAttribute(name = Caller.REQUEST_ATTRIBUTE, required = false) Caller caller,
      @PathVariable String orgId,
      @RequestBody MigrationRef request) {
    platform(caller);
    return ResponseEntity.accepted().body(view(moves.start(orgId, request.migrationId())));
  }

  @GetMapping("/status")
  Map<String, Object> status(
      @RequestAttribute(name = Caller.REQUEST_ATTRIBUTE, required = false) Caller caller,
      @PathVariable String orgId,
      @RequestParam(required = false) String migrationId) {
    platform(caller);
    return view(moves.status(orgId, migrationId));
  }

  @PostMapping("/commit")
  Map<String, Object> commit(
      @RequestAttribute(name = Caller.REQUEST_ATTRIBUTE, required = false) Caller caller,
      @PathVariable String orgId,
      @RequestBody MigrationRef request) {
    platform(caller);
    return view(moves.commit(orgId, request.migrationId()));
  }

  @PostMapping("/rollback")
  Map<String, Object> rollback(
      @RequestAttribute(name = Caller.REQUEST_ATTRIBUTE, required = false) Caller caller,
      @PathVariable String orgId,
      @RequestBody MigrationRef request) {
    platform(caller);
    return view(moves.rollback(orgId, request.migrationId()));
  }

  private static void platform(Caller caller) {
    Caller.require(caller).requireRole(Role.PLATFORM);
  }

  /** Forge's status words: in-progress, ready-to-commit, failed (with errorResponseCode). */
  static String status(ResidencyMove.State state) {
    return switch (state) {
      case COPYING -> "in-progress";
      case READY -> "ready-to-commit";
      default -> state.name().toLowerCase(Locale.ROOT).replace('_', '-');
    };
  }

  private static Map<String, Object> view(ResidencyMove move) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("migrationId", move.migrationId());
    out.put("status", status(move.state()));
    if (move.state() == ResidencyMove.State.FAILED) {
      out.put("errorResponseCode", move.errorCode());
      out.put("message", move.errorMessage());
    }
    out.put("state", move.state().name());
    out.put("sourceRegion", move.sourceRegion());
    out.put("targetRegion", move.targetRegion());
    out.put("startTime", move.windowStart());
    out.put("endTime", move.windowEnd());
    out.put("scheduledAt", move.scheduledAt());
    out.put("startedAt", move.startedAt());
    out.put("readyAt", move.readyAt());
    out.put("finishedAt", move.finishedAt());
    out.put("copied", move.copied());
    return out;
  }

  @ExceptionHandler
  ResponseEntity<Map<String, Object>> refused(ResidencyMoveException e) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("errorResponseCode", e.errorResponseCode());
    body.put("error", PlatformErrors.body(e.code(), e.field(), e.getMessage()));
    return ResponseEntity.status(e.status()).body(body);
  }

  @ExceptionHandler
  ResponseEntity<Map<String, Object>> unreadable(HttpMessageNotReadableException e) {
    return refused(
        ResidencyMoveException.invalid(
            null, "the body must be a JSON object, e.g. {\"migrationId\": \"...\"}"));
  }

  @ExceptionHandler
  ResponseEntity<Map<String, Object>> refused(ReclaimException e) {
    return PlatformErrors.of(e);
  }
}

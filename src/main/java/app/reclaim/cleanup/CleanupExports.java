package app.reclaim.cleanup;

import app.reclaim.directory.DirectoryUser;
import app.reclaim.directory.DirectoryWriter;
import app.reclaim.security.Caller;
import app.reclaim.security.Role;
import app.reclaim.support.Csv;
import app.reclaim.support.LogPrivacy;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import tools.jackson.databind.json.JsonMapper;

/**
 * A run's log over HTTP, for the org's VIEWERs and ADMINs (the bearer token is checked by the
 * security filter, as for /graphql): every item as CSV or JSON, and the REQUIRES_IDP_ACTION users
 * per IdP group. Item exports are streamed: rows are written as the driver pages through the run's
 * buckets. Exports carry end-user data by design (they are for the admin); the logs written here do
 * not. A run whose items the retention job purged answers 410 {@code ITEMS_PURGED}.
 */
@RestController
class CleanupExports {

  private static final Logger log = LoggerFactory.getLogger(CleanupExports.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final int PAGE = 500;
  private static final int EMAIL_LOOKUP = 500;
  static final MediaType CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);
  static final List<String> ITEM_COLUMNS =
      List.of(
          "seq",
          "accountId",
          "kind",
          "product",
          "groupId",
          "groupName",
          "outcome",
          "reason",
          "upstreamStatus",
          "message",
          "attempts",
          "updatedAt",
          "directories");

  private final CleanupService cleanup;
  private final CleanupRepository repository;
  private final DirectoryWriter directory;
  private final LogPrivacy logPrivacy;

  CleanupExports(
      CleanupService cleanup,
      CleanupRepository repository,
      DirectoryWriter directory,
      LogPrivacy logPrivacy) {
    this.cleanup = cleanup;
    this.repository = repository;
    this.directory = directory;
    this.logPrivacy = logPrivacy;
  }

  @GetMapping("/exports/cleanup-runs/{runId}/items.csv")
  ResponseEntity<StreamingResponseBody> itemsCsv(
      @PathVariable String runId,
      @RequestParam(required = false) String outcome,
      @RequestAttribute(name = Caller.REQUEST_ATTRIBUTE, required = false) Caller caller) {
    return items(runId, outcome, caller, true);
  }

  @GetMapping("/exports/cleanup-runs/{runId}/items.json")
  ResponseEntity<StreamingResponseBody> itemsJson(
      @PathVariable String runId,
      @RequestParam(required = false) String outcome,
      @RequestAttribute(name = Caller.REQUEST_ATTRIBUTE, required = false) Caller caller) {
    return items(runId, outcome, caller, false);
  }

  @GetMapping("/exports/cleanup-runs/{runId}/idp-actions.csv")
  ResponseEntity<StreamingResponseBody> idpActions(
      @PathVariable String runId,
      @RequestAttribute(name = Caller.REQUEST_ATTRIBUTE, required = false) Caller caller) {
    ResponseEntity<StreamingResponseBody> refused = refused(caller);
    if (refused != null) {
      return refused;
    }
    Optional<CleanupRun> run = cleanup.run(caller, runId);
    if (run.isEmpty()) {
      return error(HttpStatus.NOT_FOUND, "NOT_FOUND", "no cleanup run " + runId);
    }
    CleanupRun r = run.get();
    if (r.itemsPurged()) {
      return purged(r);
    }
    StreamingResponseBody body =
        out -> {
          // Grouping needs the IdP items together (only those, one account id each); emails are
          // looked
          // up in the mirror a chunk at a time as the rows are written.
          Map<String, String> names = new TreeMap<>();
          Map<String, List<String>> members = new TreeMap<>();
          repository.forEachItem(
              r.orgId(),
              r.id(),
              r.buckets(),
              PAGE,
              i -> {
                if (i.outcome() == CleanupItem.Outcome.REQUIRES_IDP_ACTION) {
                  String group = i.groupId() == null ? "" : i.groupId();
                  names.putIfAbsent(group, i.groupName());
                  List<String> accounts = members.computeIfAbsent(group, g -> new ArrayList<>());
                  if (!accounts.contains(i.accountId())) {
                    accounts.add(i.accountId());
                  }
                }
              });
          Writer w = writer(out);
          row(w, List.of("groupId", "groupName", "accountId", "email"));
          int rows = 0;
          for (var e : members.entrySet()) {
            List<String> accounts = e.getValue();
            for (int from = 0; from < accounts.size(); from += EMAIL_LOOKUP) {
              List<String> chunk =
                  accounts.subList(from, Math.min(accounts.size(), from + EMAIL_LOOKUP));
              Map<String, DirectoryUser> known = directory.known(r.orgId(), chunk);
              for (String account : chunk) {
                DirectoryUser u = known.get(account);
                row(
                    w,
                    java.util.Arrays.asList(
                        e.getKey(), names.get(e.getKey()), account, u == null ? null : u.email()));
                rows++;
              }
            }
          }
          w.flush();
          log.info(
              "cleanup run {} of org {}: IdP-action export of {} rows for account {}",
              r.id(),
              r.orgId(),
              rows,
              logPrivacy.id(r.orgId(), caller.accountId()));
        };
    return ResponseEntity.ok()
        .contentType(CSV)
        .header(HttpHeaders.CONTENT_DISPOSITION, attachment(r.id(), "idp-actions.csv"))
        .body(body);
  }

  private ResponseEntity<StreamingResponseBody> items(
      String runId, String outcomeText, Caller caller, boolean csv) {
    ResponseEntity<StreamingResponseBody> refused = refused(caller);
    if (refused != null) {
      return refused;
    }
    CleanupItem.Outcome outcome = null;
    if (outcomeText != null && !outcomeText.isBlank()) {
      try {
        outcome = CleanupItem.Outcome.valueOf(outcomeText.strip());
      } catch (IllegalArgumentException e) {
        return error(
            HttpStatus.BAD_REQUEST,
            "BAD_USER_INPUT",
            "unknown outcome (one of "
                + java.util.Arrays.toString(CleanupItem.Outcome.values())
                + ")");
      }
    }
    Optional<CleanupRun> run = cleanup.run(caller, runId);
    if (run.isEmpty()) {
      return error(HttpStatus.NOT_FOUND, "NOT_FOUND", "no cleanup run " + runId);
    }
    CleanupRun r = run.get();
    if (r.itemsPurged()) {
      return purged(r);
    }
    CleanupItem.Outcome only = outcome;
    StreamingResponseBody body =
        out -> {
          Writer w = writer(out);
          int[] rows = {0};
          if (csv) {
            row(w, ITEM_COLUMNS);
          } else {
            w.write("[");
          }
          try {
            repository.forEachItem(
                r.orgId(),
                r.id(),
                r.buckets(),
                PAGE,
                i -> {
                  if (only != null && i.outcome() != only) {
                    return;
                  }
                  try {
                    if (csv) {
                      row(w, values(i));
                    } else {
                      w.write(rows[0] == 0 ? "\n" : ",\n");
                      w.write(JSON.writeValueAsString(json(i)));
                    }
                  } catch (IOException e) {
                    throw new UncheckedIOException(e);
                  }
                  rows[0]++;
                });
          } catch (UncheckedIOException e) {
            throw e.getCause();
          }
          if (!csv) {
            w.write("\n]\n");
          }
          w.flush();
          log.info(
              "cleanup run {} of org {}: {} export of {} items for account {}",
              r.id(),
              r.orgId(),
              csv ? "CSV" : "JSON",
              rows[0],
              logPrivacy.id(r.orgId(), caller.accountId()));
        };
    return ResponseEntity.ok()
        .contentType(csv ? CSV : MediaType.APPLICATION_JSON)
        .header(
            HttpHeaders.CONTENT_DISPOSITION, attachment(r.id(), csv ? "items.csv" : "items.json"))
        .body(body);
  }

  private static ResponseEntity<StreamingResponseBody> refused(Caller caller) {
    if (caller == null) {
      return error(HttpStatus.UNAUTHORIZED, "UNAUTHENTICATED", "authentication required");
    }
    if (caller.orgId() == null
        || !(caller.roles().contains(Role.VIEWER) || caller.roles().contains(Role.ADMIN))) {
      return error(HttpStatus.FORBIDDEN, "FORBIDDEN", "exports need the VIEWER or ADMIN role");
    }
    return null;
  }

  /** 410: the run is there (with its counts) but the retention job deleted its items. */
  private static ResponseEntity<StreamingResponseBody> purged(CleanupRun r) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("code", "ITEMS_PURGED");
    error.put(
        "message",
        "the items of cleanup run "
            + r.id()
            + " were purged under the organization's cleanup-log retention;"
            + " the run's counts are kept (cleanupRun.counts)");
    error.put("itemsPurgedAt", r.itemsPurgedAt().toString());
    byte[] json = JSON.writeValueAsBytes(Map.of("error", error));
    return ResponseEntity.status(HttpStatus.GONE)
        .contentType(MediaType.APPLICATION_JSON)
        .body(out -> out.write(json));
  }

  private static ResponseEntity<StreamingResponseBody> error(
      HttpStatus status, String code, String message) {
    byte[] json = JSON.writeValueAsBytes(Map.of("error", Map.of("code", code, "message", message)));
    return ResponseEntity.status(status)
        .contentType(MediaType.APPLICATION_JSON)
        .body(out -> out.write(json));
  }

  private static String attachment(UUID runId, String name) {
    return "attachment; filename=\"cleanup-run-" + runId + "-" + name + "\"";
  }

  private static Writer writer(java.io.OutputStream out) {
    return new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 64 * 1024);
  }

  static List<String> values(CleanupItem i) {
    return java.util.Arrays.asList(
        Integer.toString(i.seq()),
        i.accountId(),
        i.kind().name(),
        i.product(),
        i.groupId(),
        i.groupName(),
        i.outcome().name(),
        i.reason(),
        i.upstreamStatus() == null ? null : i.upstreamStatus().toString(),
        i.message(),
        Integer.toString(i.attempts()),
        i.updatedAt() == null ? null : i.updatedAt().toString(),
        // Space-separated: directory ids hold no spaces, and one cell stays one cell.
        String.join(" ", i.directories()));
  }

  private static Map<String, Object> json(CleanupItem i) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("seq", i.seq());
    m.put("accountId", i.accountId());
    m.put("kind", i.kind().name());
    m.put("product", i.product());
    m.put("groupId", i.groupId());
    m.put("groupName", i.groupName());
    m.put("outcome", i.outcome().name());
    m.put("reason", i.reason());
    m.put("upstreamStatus", i.upstreamStatus());
    m.put("message", i.message());
    m.put("attempts", i.attempts());
    m.put("updatedAt", i.updatedAt() == null ? null : i.updatedAt().toString());
    m.put("directories", i.directories());
    return m;
  }

  /** One CSV record (RFC 4180, CRLF), each cell made safe for spreadsheets ({@link Csv}). */
  static void row(Writer w, List<String> cells) throws IOException {
    Csv.row(w, cells);
  }

  /** A spreadsheet-safe cell ({@link Csv#cell}). */
  static String cell(String value) {
    return Csv.cell(value);
  }
}

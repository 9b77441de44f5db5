package app.reclaim.organizations;

import static org.assertj.core.api.Assertions.assertThat;

import app.reclaim.GraphQlHttp;
import app.reclaim.IntegrationTest;
import app.reclaim.simulator.AdminApiSimulator;
import app.reclaim.sync.DirectorySync;
import app.reclaim.sync.SyncJob;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.awaitility.Awaitility;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Orgs with rows in every table a real org fills (a synced directory, credentials, settings, SCIM
 * tokens, users, groups and memberships, rules with versions, a cleanup run with its items, a
 * schedule), and every row of an org as the database holds it, read by scanning every table of
 * every Reclaim keyspace, independently of the catalog the code under test uses.
 */
abstract class OrgLifecycleTest extends IntegrationTest {

  static final String SCIM_USER = "urn:ietf:params:scim:schemas:core:2.0:User";
  static final String SCIM_GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";

  @Autowired AdminApiSimulator simulator;
  @Autowired OrganizationService organizations;
  @Autowired CredentialsService credentials;
  @Autowired DirectorySync sync;
  @Autowired CqlSession session;

  /** The SCIM token secret of each populated org. */
  final Map<String, String> scimSecrets = new ConcurrentHashMap<>();

  String populatedOrg(String region, long seed) {
    String orgId = freshOrgId();
    String key = simulator.addOrg(orgId, seed, 60, 8);
    organizations.install(new InstallOrganization(orgId, "Lifecycle " + orgId, region));
    credentials.set(orgId, key, LocalDate.now().plusDays(30));
    assertThat(sync.runNow(orgId, SyncJob.Kind.FULL).job().state())
        .isEqualTo(SyncJob.State.COMPLETED);
    GraphQlHttp admin = asAdmin(orgId);
    ok(
        admin.post(
            "mutation($input: UpdateSettingsInput!) { updateSettings(input: $input) {"
                + " userErrors { code } } }",
            Map.of("input", Map.of("expectedVersion", 0, "cleanupLogRetentionDays", 120))),
        "updateSettings");
    String secret =
        ok(
                admin.post(
                    "mutation($input: CreateScimTokenInput!) { createScimToken(input: $input) {"
                        + " secret userErrors { code } } }",
                    Map.of("input", Map.of("label", "Okta"))),
                "createScimToken")
            .get("secret")
            .toString();
    scimSecrets.put(orgId, secret);
    List<String> members = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      var created = scim(secret, "POST", "/Users", scimUser("lifecycle-" + UUID.randomUUID()));
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      members.add(com.jayway.jsonpath.JsonPath.read(created.body(), "$.id"));
    }
    String memberList =
        String.join(",", members.stream().map(m -> "{\"value\":\"" + m + "\"}").toList());
    var group =
        scim(
            secret,
            "POST",
            "/Groups",
            "{\"schemas\":[\""
                + SCIM_GROUP
                + "\"],\"displayName\":\"Lifecycle "
                + UUID.randomUUID()
                + "\",\"members\":["
                + memberList
                + "]}");
    assertThat(group.statusCode()).as(group.body()).isEqualTo(201);
    Map<String, Object> rule =
        Map.of(
            "name",
            "Idle " + UUID.randomUUID(),
            "condition",
            Map.of("inactiveInAllProducts", Map.of("days", 30)),
            "action",
            Map.of("type", "SUSPEND"));
    var created =
        admin.post(
            "mutation($input: CreateRuleInput!) { createRule(input: $input) {"
                + " rule { id } userErrors { code } } }",
            Map.of("input", Map.of("rule", rule)));
    ok(created, "createRule");
    String ruleId = created.read("$.data.createRule.rule.id");
    ok(
        admin.post(
            "mutation($input: UpdateRuleInput!) { updateRule(input: $input) {"
                + " rule { id } userErrors { code } } }",
            Map.of(
                "input",
                Map.of(
                    "id",
                    ruleId,
                    "expectedVersion",
                    1,
                    "rule",
                    Map.of(
                        "name",
                        "Idle " + UUID.randomUUID(),
                        "condition",
                        Map.of("inactiveInAllProducts", Map.of("days", 45)),
                        "action",
                        Map.of("type", "SUSPEND"))))),
        "updateRule");
    var started =
        admin.post(
            "mutation($input: StartCleanupInput!) { startCleanup(input: $input) {"
                + " run { id } userErrors { code } } }",
            Map.of("input", Map.of("ruleId", ruleId, "mode", "PREVIEW")));
    ok(started, "startCleanup");
    String runId = started.read("$.data.startCleanup.run.id");
    Awaitility.await("preview run " + runId + " ends")
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () ->
                asViewer(orgId)
                    .post("query($id: ID!) { cleanupRun(id: $id) { state } }", Map.of("id", runId))
                    .<String>read("$.data.cleanupRun.state"),
            state -> !"RUNNING".equals(state));
    ok(
        admin.post(
            "mutation($input: CreateScheduleInput!) { createSchedule(input: $input) {"
                + " schedule { id } userErrors { code } } }",
            Map.of(
                "input",
                Map.of(
                    "name",
                    "Weekly " + UUID.randomUUID(),
                    "cron",
                    "0 0 6 * * MON",
                    "timeZone",
                    "Europe/Berlin",
                    "ruleId",
                    ruleId,
                    "mode",
                    "PREVIEW"))),
        "createSchedule");
    return orgId;
  }

  static String hooks(String orgId) {
    return "/platform/installations/" + orgId + "/migration/";
  }

  static String schedule(String migrationId, String location) {
    return "{\"migrationId\":\""
        + migrationId
        + "\",\"location\":\""
        + location
        + "\",\"startTime\":\"2026-12-01T02:00:00Z\",\"endTime\":\"2026-12-01T08:00:00Z\"}";
  }

  static String ref(String migrationId) {
    return "{\"migrationId\":\"" + migrationId + "\"}";
  }

  GraphQlHttp.Response status(String orgId, String migrationId) {
    return asPlatform().get(hooks(orgId) + "status?migrationId=" + migrationId);
  }

  /** Schedules and starts a move, then waits until the status hook says ready-to-commit. */
  void moveUntilReady(String orgId, String migrationId, String location) {
    var scheduled =
        asPlatform().postJson(hooks(orgId) + "schedule", schedule(migrationId, location));
    assertThat(scheduled.status()).as(scheduled.body()).isEqualTo(200);
    assertThat((String) scheduled.read("$.status")).isEqualTo("scheduled");
    var started = asPlatform().postJson(hooks(orgId) + "start", ref(migrationId));
    assertThat(started.status()).as(started.body()).isEqualTo(202);
    Awaitility.await("move " + migrationId + " ready")
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> status(orgId, migrationId).<String>read("$.status"),
            s -> !s.equals("in-progress"));
    var ready = status(orgId, migrationId);
    assertThat((String) ready.read("$.status")).as(ready.body()).isEqualTo("ready-to-commit");
  }

  /** A mutation's payload, after checking it answered without errors or userErrors. */
  static Map<String, Object> ok(GraphQlHttp.Response response, String field) {
    assertThat(response.body()).doesNotContain("\"errors\"");
    Map<String, Object> payload = response.read("$.data." + field);
    assertThat((List<?>) payload.get("userErrors")).as(response.body()).isEmpty();
    return payload;
  }

  static String scimUser(String userName) {
    return "{\"schemas\":[\""
        + SCIM_USER
        + "\"],\"userName\":\""
        + userName
        + "@example.com\",\"name\":{\"givenName\":\"Ada\",\"familyName\":\"Lovelace\"},"
        + "\"active\":true}";
  }

  HttpResponse<String> scim(String secret, String method, String path, String json) {
    return scimOn(port, secret, method, path, json);
  }

  static HttpResponse<String> scimOn(
      int port, String secret, String method, String path, String json) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/scim/v2" + path))
            .header("Authorization", "Bearer " + secret)
            .header("Content-Type", "application/scim+json")
            .method(
                method,
                json == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
    try {
      return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Every row of the org in every table of every Reclaim keyspace, as JSON, by "keyspace.table".
   * Tables with an org_id column are filtered on it (a full scan on the server); the others are
   * read whole and kept where a cell mentions the org id (lease names).
   */
  Map<String, TreeSet<String>> rowsOf(String orgId) {
    Map<String, TreeSet<String>> rows = new TreeMap<>();
    for (Row table :
        session.execute("SELECT keyspace_name, table_name FROM system_schema.tables")) {
      String keyspace = table.getString("keyspace_name");
      if (!keyspace.equals("reclaim") && !keyspace.startsWith("reclaim_")) {
        continue;
      }
      String name = keyspace + "." + table.getString("table_name");
      String quoted = "\"" + keyspace + "\".\"" + table.getString("table_name") + "\"";
      boolean hasOrgId =
          session
                  .execute(
                      "SELECT column_name FROM system_schema.columns WHERE keyspace_name = ?"
                          + " AND table_name = ? AND column_name = 'org_id'",
                      keyspace,
                      table.getString("table_name"))
                  .one()
              != null;
      Iterable<Row> found =
          hasOrgId
              ? session.execute(
                  "SELECT JSON * FROM " + quoted + " WHERE org_id = ? ALLOW FILTERING", orgId)
              : session.execute("SELECT JSON * FROM " + quoted);
      for (Row row : found) {
        String json = row.getString(0);
        if (json.contains(orgId)) {
          rows.computeIfAbsent(name, k -> new TreeSet<>()).add(json);
        }
      }
    }
    return rows;
  }

  /** The org's rows of one keyspace, by table name. */
  static Map<String, TreeSet<String>> inKeyspace(Map<String, TreeSet<String>> rows, String ks) {
    Map<String, TreeSet<String>> out = new TreeMap<>();
    rows.forEach(
        (table, set) -> {
          if (table.startsWith(ks + ".")) {
            out.put(table.substring(ks.length() + 1), set);
          }
        });
    return out;
  }
}

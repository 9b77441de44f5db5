package app.reclaim;

import static org.assertj.core.api.Assertions.assertThat;

import app.reclaim.directory.DirectoryUser;
import app.reclaim.directory.DirectoryWriter;
import app.reclaim.organizations.CredentialsService;
import app.reclaim.organizations.InstallOrganization;
import app.reclaim.organizations.OrganizationService;
import app.reclaim.security.LocalTokens;
import app.reclaim.security.Role;
import app.reclaim.simulator.AdminApiSimulator;
import app.reclaim.store.RegionKeyspaces;
import app.reclaim.sync.DirectorySync;
import app.reclaim.sync.SyncJob;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.ColumnDefinition;
import com.datastax.oss.driver.api.core.cql.Row;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * POST /platform/erasures: two closed accounts of an org (one of them an admin who wrote settings,
 * a rule and a schedule and started a run; the other protected, excluded, SCIM-provisioned, in the
 * logs of two runs) are erased everywhere: afterwards no cell of any table of the org's region
 * keyspace, nor of the control keyspace, holds their account ids, emails or names; every other
 * user, the run counts and another org are as they were; exports list tokens in their place. A
 * second call erases nothing more and answers the same shape.
 */
class PersonalDataErasureIntegrationTests extends IntegrationTest {

  static final String PATH = "/platform/erasures";
  static final String RUN =
      """
      query($id: ID!) { cleanupRun(id: $id) { state itemCount startedBy
        counts { matched affected done failed skipped requiresIdpAction flagged previewed cancelled }
        items(first: 100) { edges { node { seq accountId kind outcome reason message } } } } }""";

  @Autowired AdminApiSimulator simulator;
  @Autowired OrganizationService organizations;
  @Autowired CredentialsService credentials;
  @Autowired DirectorySync sync;
  @Autowired DirectoryWriter writer;
  @Autowired LocalTokens tokens;
  @Autowired CqlSession session;
  @Autowired RegionKeyspaces regions;

  @Test
  void shouldEraseClosedAccountsEverywhereKeepingCountsAndOthersAndAnswerTheSameAgain() {
    String orgId = syncedOrg(71);
    String other = syncedOrg(72);
    String ruleId = createRule(asAdmin(orgId), idleRule("Idle everywhere"));
    String firstRun = finishedPreview(asAdmin(orgId), ruleId);
    String otherRun = finishedPreview(asAdmin(other), createRule(asAdmin(other), idleRule("Idle")));

    // Two users the rule lists, each with a name and an email no other user of the org has.
    Map<String, DirectoryUser> users =
        writer.snapshot(orgId).users().stream()
            .collect(Collectors.toMap(DirectoryUser::accountId, Function.identity()));
    Map<String, Long> names = count(users.values(), DirectoryUser::name);
    List<DirectoryUser> victims =
        run(asAdmin(orgId), firstRun).items().stream()
            .map(i -> users.get(i.get("accountId")))
            .filter(u -> u != null && !u.orgAdmin() && u.email() != null && u.name() != null)
            .filter(u -> names.get(u.name()) == 1)
            .distinct()
            .limit(2)
            .toList();
    assertThat(victims).hasSize(2);
    DirectoryUser closed = victims.get(0);
    DirectoryUser closedAdmin = victims.get(1);
    DirectoryUser bystander =
        users.values().stream()
            .filter(u -> !victims.contains(u) && u.email() != null)
            .findFirst()
            .orElseThrow();

    // The closed admin acts: settings, a rule naming and excluding the other, a schedule, a run.
    GraphQlHttp admin =
        new GraphQlHttp(port)
            .bearer(tokens.mint(orgId, Role.ADMIN, closedAdmin.accountId(), Duration.ofHours(1)));
    var settings =
        admin.post(
            "mutation($input: UpdateSettingsInput!) { updateSettings(input: $input) {"
                + " settings { version } userErrors { code } } }",
            Map.of(
                "input",
                Map.of(
                    "expectedVersion",
                    0,
                    "protectedAccounts",
                    List.of(closed.accountId(), bystander.accountId()))));
    assertThat((Integer) settings.read("$.data.updateSettings.settings.version")).isEqualTo(1);
    Map<String, Object> keep = new HashMap<>(idleRule("Keep " + closed.name()));
    keep.put("exclusions", Map.of("accounts", List.of(closed.accountId(), bystander.accountId())));
    String keepRule = createRule(admin, keep);
    var schedule =
        admin.post(
            "mutation($input: CreateScheduleInput!) { createSchedule(input: $input) {"
                + " schedule { id } userErrors { code } } }",
            Map.of(
                "input",
                Map.of(
                    "name",
                    "Nightly but not " + closed.email(),
                    "cron",
                    "0 0 3 * * *",
                    "timeZone",
                    "UTC",
                    "ruleId",
                    keepRule,
                    "mode",
                    "PREVIEW",
                    "enabled",
                    false)));
    assertThat((String) schedule.read("$.data.createSchedule.schedule.id")).isNotNull();
    String secondRun = finishedPreview(admin, ruleId);

    // The IdP provisions the closed user (linked by email) into a group, and a bystander.
    String secret =
        admin
            .post("mutation { createScimToken(input: {label: \"Okta\"}) { secret } }")
            .read("$.data.createScimToken.secret");
    GraphQlHttp scim = new GraphQlHttp(port).bearer(secret);
    String scimUser = scimUser(scim, closed);
    String scimBystander = scimUser(scim, bystander);
    var group =
        scim.postJson(
            "/scim/v2/Groups",
            "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],\"displayName\":\"Erasure"
                + " "
                + UUID.randomUUID()
                + "\",\"members\":[{\"value\":\""
                + scimUser
                + "\",\"display\":\""
                + closed.name()
                + "\"},{\"value\":\""
                + scimBystander
                + "\"}]}");
    assertThat(group.status()).as(group.body()).isEqualTo(201);

    Set<String> erasedIds = Set.of(closed.accountId(), closedAdmin.accountId());
    // Upstream text quoting the closed user, as the admin API's refusals may: on a bystander's
    // item and on the org's sync job (whose row expires, so the rewrite must keep the cell's TTL).
    String keyspace = regions.keyspaceOf(organizations.regionOf(orgId)).asCql(true);
    String quoting = "refused: " + closed.name() + " <" + closed.email() + "> is protected";
    Map<String, Object> bystanderItem =
        run(asAdmin(orgId), firstRun).items().stream()
            .filter(i -> !erasedIds.contains(i.get("accountId")))
            .findFirst()
            .orElseThrow();
    session.execute(
        "UPDATE "
            + keyspace
            + ".cleanup_items SET message = ? WHERE org_id = ? AND run_id = ? AND bucket = 0"
            + " AND seq = ?",
        quoting,
        orgId,
        UUID.fromString(firstRun),
        bystanderItem.get("seq"));
    UUID job =
        session
            .execute(
                "SELECT job_id FROM " + keyspace + ".sync_jobs WHERE org_id = ? LIMIT 1", orgId)
            .one()
            .getUuid(0);
    session.execute(
        "UPDATE "
            + keyspace
            + ".sync_jobs USING TTL 3600 SET error_message = ? WHERE org_id = ? AND job_id = ?",
        quoting + " (" + closed.accountId() + ")",
        orgId,
        job);

    Run first = run(asAdmin(orgId), firstRun);
    Run second = run(asAdmin(orgId), secondRun);
    Run otherBefore = run(asAdmin(other), otherRun);
    long victimItems =
        first.items().stream().filter(i -> erasedIds.contains(i.get("accountId"))).count()
            + second.items().stream().filter(i -> erasedIds.contains(i.get("accountId"))).count();
    String csvBefore =
        asAdmin(orgId).get("/exports/cleanup-runs/" + firstRun + "/items.csv").body();
    assertThat(csvBefore).contains(closed.accountId());
    DirectoryUser bystanderBefore =
        writer.known(orgId, List.of(bystander.accountId())).get(bystander.accountId());
    List<String> needles =
        List.of(
            closed.accountId(),
            closedAdmin.accountId(),
            closed.email(),
            closedAdmin.email(),
            closed.name(),
            closedAdmin.name());
    assertThat(cellsMentioning(orgId, needles))
        .as("before the erasure, the data is there to be erased")
        .isNotEmpty();

    var erased = erase(orgId, closed.accountId(), closedAdmin.accountId(), closed.accountId());

    assertThat(erased.status()).as(erased.body()).isEqualTo(200);
    assertThat(cellsMentioning(orgId, needles)).as("cells still naming the erased users").isEmpty();
    assertThat((String) erased.read("$.orgId")).isEqualTo(orgId);
    assertThat((Integer) erased.read("$.accounts")).isEqualTo(2);
    Map<String, Integer> counts = erased.read("$.erased");
    assertThat(counts)
        .containsEntry("directoryUsers", 2)
        .containsEntry("scimUsers", 1)
        .containsEntry("scimMemberships", 1)
        .containsEntry("cleanupItems", (int) victimItems + 1)
        .containsEntry("cleanupRuns", 1)
        .containsEntry("rules", 1)
        .containsEntry("ruleVersions", 1)
        .containsEntry("settings", 1)
        .containsEntry("schedules", 1)
        .containsEntry("syncJobs", 1);

    var jobAfter =
        session
            .execute(
                "SELECT error_message, TTL(error_message) FROM "
                    + keyspace
                    + ".sync_jobs WHERE org_id = ? AND job_id = ?",
                orgId,
                job)
            .one();
    assertThat(jobAfter.getString(0))
        .startsWith("refused: [erased] <[erased]> is protected (erased-");
    assertThat(jobAfter.getInt(1)).isBetween(1, 3600);

    Run firstAfter = run(asAdmin(orgId), firstRun);
    Run secondAfter = run(asAdmin(orgId), secondRun);
    assertThat(firstAfter.summary()).isEqualTo(first.summary());
    assertThat(secondAfter.summary()).isEqualTo(second.summary());
    assertThat(firstAfter.items()).hasSameSizeAs(first.items());
    assertThat(withoutAccounts(firstAfter.items())).isEqualTo(withoutAccounts(first.items()));
    assertThat(firstAfter.items())
        .filteredOn(i -> i.get("seq").equals(bystanderItem.get("seq")))
        .extracting(i -> i.get("message"))
        .containsExactly("refused: [erased] <[erased]> is protected");
    Map<String, String> tokens = tokensOf(firstAfter.items(), first.items(), erasedIds);
    assertThat(tokens).as("one token per erased account").hasSize(2);
    assertThat(tokens.values()).doesNotHaveDuplicates();
    assertThat(tokens)
        .as("the same token in every run")
        .containsAllEntriesOf(tokensOf(secondAfter.items(), second.items(), erasedIds));
    assertThat((String) secondAfter.run().get("startedBy")).startsWith("erased-");

    String csvAfter = asAdmin(orgId).get("/exports/cleanup-runs/" + firstRun + "/items.csv").body();
    assertThat(csvAfter.lines().count()).isEqualTo(csvBefore.lines().count());
    needles.forEach(n -> assertThat(csvAfter.toLowerCase(Locale.ROOT)).doesNotContain(lower(n)));
    assertThat(csvAfter).contains(bystanderInRun(first, bystander, erasedIds));

    assertThat((Object) asAdmin(orgId).post(userQuery(closed)).read("$.data.user")).isNull();
    assertThat(writer.known(orgId, List.of(bystander.accountId())))
        .containsExactly(Map.entry(bystander.accountId(), bystanderBefore));
    assertThat(scim.get("/scim/v2/Users/" + scimUser).status()).isEqualTo(404);
    assertThat(scim.get("/scim/v2/Users/" + scimBystander).status()).isEqualTo(200);
    assertThat(
            admin
                .post("{ settings { protectedAccounts updatedBy } }")
                .<List<String>>read("$.data.settings.protectedAccounts"))
        .contains(bystander.accountId())
        .hasSize(2);
    assertThat(run(asAdmin(other), otherRun)).isEqualTo(otherBefore);

    var again = erase(orgId, closed.accountId(), closedAdmin.accountId());
    assertThat(again.status()).isEqualTo(200);
    assertThat((Integer) again.read("$.accounts")).isEqualTo(2);
    Map<String, Integer> none = again.read("$.erased");
    assertThat(none.keySet()).isEqualTo(counts.keySet());
    assertThat(none.values()).containsOnly(0);
    assertThat(run(asAdmin(orgId), firstRun)).isEqualTo(firstAfter);
  }

  @Test
  void shouldRefuseBadRequestsWithClearErrorsAndNonPlatformCallers() {
    String orgId = freshOrgId();
    organizations.install(new InstallOrganization(orgId, "Erasures " + orgId, "eu"));
    List<String> tooMany = new ArrayList<>();
    for (int i = 0; i <= 1000; i++) {
      tooMany.add("acct-" + i);
    }

    var many = erase(orgId, tooMany.toArray(String[]::new));
    var empty = erase(orgId);
    var badId = erase(orgId, "acct-1", "not an id!");
    var unknown = erase(freshOrgId(), "acct-1");
    var notJson = asPlatform().postJson(PATH, "orgId=x");
    var byAdmin =
        asAdmin(orgId).postJson(PATH, "{\"orgId\":\"" + orgId + "\",\"accountIds\":[\"a\"]}");
    var anonymous =
        anonymous().postJson(PATH, "{\"orgId\":\"" + orgId + "\",\"accountIds\":[\"a\"]}");

    assertThat(many.status()).isEqualTo(400);
    assertThat((String) many.read("$.error.code")).isEqualTo("TOO_MANY");
    assertThat((String) many.read("$.error.field")).isEqualTo("accountIds");
    assertThat((String) many.read("$.error.message")).contains("1000").contains("1001");
    assertThat((String) empty.read("$.error.code")).isEqualTo("REQUIRED");
    assertThat(badId.status()).isEqualTo(400);
    assertThat((String) badId.read("$.error.code")).isEqualTo("INVALID_ID");
    assertThat((String) badId.read("$.error.field")).isEqualTo("accountIds[1]");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat((String) unknown.read("$.error.code")).isEqualTo("NOT_FOUND");
    assertThat((String) notJson.read("$.error.code")).isEqualTo("MALFORMED_JSON");
    assertThat(byAdmin.status()).isEqualTo(403);
    assertThat(anonymous.status()).isEqualTo(401);
  }

  /** A run as GraphQL shows it: the run's fields and its items. */
  record Run(Map<String, Object> run, List<Map<String, Object>> items) {
    Map<String, Object> summary() {
      Map<String, Object> s = new TreeMap<>(run);
      s.remove("items");
      s.remove("startedBy");
      return s;
    }
  }

  Run run(GraphQlHttp client, String runId) {
    Map<String, Object> run = client.post(RUN, Map.of("id", runId)).read("$.data.cleanupRun");
    return new Run(run, nodes(((Map<?, ?>) run.get("items")).get("edges")));
  }

  GraphQlHttp.Response erase(String orgId, String... accountIds) {
    String ids =
        java.util.Arrays.stream(accountIds)
            .map(a -> "\"" + a + "\"")
            .collect(Collectors.joining(","));
    return asPlatform()
        .postJson(PATH, "{\"orgId\":\"" + orgId + "\",\"accountIds\":[" + ids + "]}");
  }

  String syncedOrg(long seed) {
    String orgId = freshOrgId();
    String key = simulator.addOrg(orgId, seed, 80, 8);
    organizations.install(new InstallOrganization(orgId, "Erasure " + orgId, "eu"));
    credentials.set(orgId, key, LocalDate.now().plusDays(30));
    assertThat(sync.runNow(orgId, SyncJob.Kind.FULL).job().state())
        .isEqualTo(SyncJob.State.COMPLETED);
    return orgId;
  }

  static Map<String, Object> idleRule(String name) {
    return Map.of(
        "name",
        name + " " + UUID.randomUUID(),
        "condition",
        Map.of("inactiveInAllProducts", Map.of("days", 30)),
        "action",
        Map.of("type", "FLAG_FOR_REVIEW"));
  }

  String createRule(GraphQlHttp client, Map<String, Object> rule) {
    var r =
        client.post(
            "mutation($input: CreateRuleInput!) { createRule(input: $input) {"
                + " rule { id } userErrors { code message } } }",
            Map.of("input", Map.of("rule", rule)));
    assertThat((List<?>) r.read("$.data.createRule.userErrors")).as(r.body()).isEmpty();
    return r.read("$.data.createRule.rule.id");
  }

  String finishedPreview(GraphQlHttp client, String ruleId) {
    String runId =
        client
            .post(
                "mutation($input: StartCleanupInput!) { startCleanup(input: $input) { run { id } } }",
                Map.of("input", Map.of("ruleId", ruleId, "mode", "PREVIEW")))
            .read("$.data.startCleanup.run.id");
    Awaitility.await("run " + runId + " ends")
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> run(client, runId).run().get("state"), s -> !"RUNNING".equals(s));
    return runId;
  }

  String scimUser(GraphQlHttp scim, DirectoryUser u) {
    String[] name = u.name().split(" ", 2);
    var r =
        scim.postJson(
            "/scim/v2/Users",
            ("{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"%s\","
                    + "\"name\":{\"givenName\":\"%s\",\"familyName\":\"%s\",\"formatted\":\"%s\"},"
                    + "\"displayName\":\"%s\",\"emails\":[{\"value\":\"%s\",\"primary\":true}],"
                    + "\"active\":true}")
                .formatted(u.email(), name[0], name[1], u.name(), u.name(), u.email()));
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.read("$.id");
  }

  static String userQuery(DirectoryUser u) {
    return "{ user(accountId: \"" + u.accountId() + "\") { accountId } }";
  }

  /**
   * Every cell (rendered as text, collections included) of the org's rows in every table of its
   * region keyspace, and of every row of the control keyspace, that holds one of the needles,
   * ignoring case; as "table.column".
   */
  List<String> cellsMentioning(String orgId, List<String> needles) {
    List<String> lowered =
        needles.stream().map(PersonalDataErasureIntegrationTests::lower).toList();
    List<String> found = new ArrayList<>();
    String region = regions.keyspaceOf(organizations.regionOf(orgId)).asInternal();
    for (String table : tables(region)) {
      String cql = "SELECT * FROM \"" + region + "\".\"" + table + "\" WHERE org_id = ?";
      // org_id leads every region table's partition key; filtering reads all of a table's rows.
      scan(session.execute(cql + " ALLOW FILTERING", orgId), region, table, lowered, found);
    }
    String control = regions.control().asInternal();
    for (String table : tables(control)) {
      scan(
          session.execute("SELECT * FROM \"" + control + "\".\"" + table + "\""),
          control,
          table,
          lowered,
          found);
    }
    return found;
  }

  private List<String> tables(String keyspace) {
    List<String> out = new ArrayList<>();
    session
        .execute("SELECT table_name FROM system_schema.tables WHERE keyspace_name = ?", keyspace)
        .forEach(r -> out.add(r.getString("table_name")));
    assertThat(out).isNotEmpty();
    return out;
  }

  private static void scan(
      Iterable<Row> rows, String keyspace, String table, List<String> needles, List<String> found) {
    for (Row row : rows) {
      for (ColumnDefinition column : row.getColumnDefinitions()) {
        Object cell = row.getObject(column.getName());
        String text = cell == null ? "" : lower(cell.toString());
        if (needles.stream().anyMatch(text::contains)) {
          found.add(keyspace + "." + table + "." + column.getName().asInternal());
        }
      }
    }
  }

  static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }

  static <T> Map<T, Long> count(
      java.util.Collection<DirectoryUser> users, Function<DirectoryUser, T> key) {
    return users.stream()
        .filter(u -> key.apply(u) != null)
        .collect(Collectors.groupingBy(key, Collectors.counting()));
  }

  static List<Map<String, Object>> withoutAccounts(List<Map<String, Object>> items) {
    return items.stream()
        .map(
            i -> {
              Map<String, Object> m = new TreeMap<>(i);
              m.remove("accountId");
              m.remove("message");
              return (Map<String, Object>) m;
            })
        .toList();
  }

  /** Erased account id → the token that replaced it in {@code after}, by item position. */
  static Map<String, String> tokensOf(
      List<Map<String, Object>> after, List<Map<String, Object>> before, Set<String> erased) {
    Map<String, String> tokens = new TreeMap<>();
    for (int i = 0; i < before.size(); i++) {
      String was = (String) before.get(i).get("accountId");
      if (erased.contains(was)) {
        String now = (String) after.get(i).get("accountId");
        assertThat(now).startsWith("erased-");
        assertThat(tokens.putIfAbsent(was, now)).isIn(null, now);
      }
    }
    return tokens;
  }

  static String bystanderInRun(Run run, DirectoryUser fallback, Set<String> erased) {
    return run.items().stream()
        .map(i -> (String) i.get("accountId"))
        .filter(a -> !erased.contains(a))
        .findFirst()
        .orElse(fallback.accountId());
  }

  /** The nodes of a GraphQL connection's edges. */
  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> nodes(Object edges) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Object e : (List<Object>) edges) {
      out.add((Map<String, Object>) ((Map<String, Object>) e).get("node"));
    }
    return out;
  }
}

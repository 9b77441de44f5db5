package app.reclaim.organizations;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The platform's migration hooks moving a populated org between region keyspaces. */
class ResidencyMoveIntegrationTests extends OrgLifecycleTest {

  static final String USERS =
      "{ users(first: 100) { totalCount edges { node { accountId name email status } } } }";
  static final String MOVE =
      "{ organization { region residencyMove { migrationId state sourceRegion targetRegion"
          + " writesBlocked windowStart windowEnd scheduledAt startedAt readyAt errorCode } } }";
  static final String RENAME =
      "mutation($input: UpdateOrganizationInput!) { updateOrganization(input: $input) {"
          + " organization { name } userErrors { code } } }";

  @Test
  void shouldMoveEveryRowToTheTargetRegionIdenticallyAndServeItFromThere() {
    String orgId = populatedOrg("eu", 81);
    String other = populatedOrg("eu", 82);
    Map<String, TreeSet<String>> before = rowsOf(orgId);
    Map<String, TreeSet<String>> otherBefore = rowsOf(other);
    var usersBefore = asViewer(orgId).post(USERS);
    String migrationId = "m-" + UUID.randomUUID();

    moveUntilReady(orgId, migrationId, "DE");
    var ready = status(orgId, migrationId);
    Map<String, Integer> copied = ready.read("$.copied");
    var commit = asPlatform().postJson(hooks(orgId) + "commit", ref(migrationId));

    assertThat(commit.status()).as(commit.body()).isEqualTo(200);
    assertThat((String) commit.read("$.status")).isEqualTo("committed");
    Map<String, TreeSet<String>> after = rowsOf(orgId);
    assertThat(inKeyspace(after, "reclaim_eu")).as("rows left in reclaim_eu").isEmpty();
    assertThat(inKeyspace(after, "reclaim_de"))
        .as("every row, identical, in reclaim_de")
        .isEqualTo(inKeyspace(before, "reclaim_eu"));
    inKeyspace(before, "reclaim_eu")
        .forEach((table, rows) -> assertThat(copied.get(table)).as(table).isEqualTo(rows.size()));
    assertThat(after.keySet())
        .allMatch(t -> t.startsWith("reclaim_de.") || t.startsWith("reclaim."));
    assertThat(rowsOf(other)).as("the other org in the same region").isEqualTo(otherBefore);
    assertThat(organizations.find(orgId).orElseThrow().region()).isEqualTo("de");

    var usersAfter = asViewer(orgId).post(USERS);
    assertThat(usersAfter.body()).isEqualTo(usersBefore.body());
    var org = asViewer(orgId).post(MOVE);
    assertThat((String) org.read("$.data.organization.region")).isEqualTo("de");
    assertThat((Object) org.read("$.data.organization.residencyMove")).isNull();
    var renamed = asAdmin(orgId).post(RENAME, Map.of("input", Map.of("name", "Moved Co")));
    assertThat((List<?>) renamed.read("$.data.updateOrganization.userErrors")).isEmpty();
    assertThat(inKeyspace(rowsOf(orgId), "reclaim_de").get("org_profile").first())
        .contains("Moved Co");
    var again = asPlatform().postJson(hooks(orgId) + "commit", ref(migrationId));
    assertThat((String) again.read("$.status")).as("commit is idempotent").isEqualTo("committed");
  }

  @Test
  void shouldRefuseWritesWhileMovingAndServeReads() {
    String orgId = populatedOrg("eu", 83);
    String secret = scimSecrets.get(orgId);
    String migrationId = "m-" + UUID.randomUUID();
    var scheduled = asPlatform().postJson(hooks(orgId) + "schedule", schedule(migrationId, "de"));
    assertThat(scheduled.status()).isEqualTo(200);
    var shown = asViewer(orgId).post(MOVE);
    assertThat((String) shown.read("$.data.organization.residencyMove.state"))
        .isEqualTo("SCHEDULED");
    assertThat((Boolean) shown.read("$.data.organization.residencyMove.writesBlocked")).isFalse();
    assertThat((String) shown.read("$.data.organization.residencyMove.windowStart"))
        .isEqualTo("2026-12-01T02:00:00Z");

    moveUntilReady(orgId, migrationId, "de");
    Map<String, TreeSet<String>> frozen = rowsOf(orgId);
    var moving = asViewer(orgId).post(MOVE);
    var rename = asAdmin(orgId).post(RENAME, Map.of("input", Map.of("name", "Not Now")));
    var scimWrite = scim(secret, "POST", "/Users", scimUser("frozen-" + UUID.randomUUID()));
    var scimRead = scim(secret, "GET", "/Users?count=5", null);
    var users = asViewer(orgId).post(USERS);
    var sync =
        asAdmin(orgId)
            .post("mutation { startDirectorySync(input: {kind: FULL}) { userErrors { code } } }");

    assertThat((String) moving.read("$.data.organization.residencyMove.state")).isEqualTo("READY");
    assertThat((Boolean) moving.read("$.data.organization.residencyMove.writesBlocked")).isTrue();
    assertThat((String) moving.read("$.data.organization.residencyMove.targetRegion"))
        .isEqualTo("de");
    assertThat((String) moving.read("$.data.organization.region")).isEqualTo("eu");
    assertThat((String) rename.read("$.errors[0].extensions.code"))
        .isEqualTo("ORGANIZATION_MOVING");
    assertThat((String) rename.read("$.errors[0].message")).contains(migrationId);
    assertThat(rename.body()).as("refused before any resolver ran").doesNotContain("\"data\"");
    assertThat((String) sync.read("$.errors[0].extensions.code")).isEqualTo("ORGANIZATION_MOVING");
    assertThat(scimWrite.statusCode()).isEqualTo(503);
    assertThat(scimWrite.headers().firstValue("Retry-After")).contains("60");
    assertThat(scimWrite.body()).contains("\"status\":\"503\"").contains("moving");
    assertThat(scimRead.statusCode()).isEqualTo(200);
    assertThat((Integer) users.read("$.data.users.totalCount")).isPositive();
    assertThat(rowsOf(orgId)).as("nothing written while frozen").isEqualTo(frozen);

    var rolledBack = asPlatform().postJson(hooks(orgId) + "rollback", ref(migrationId));
    assertThat((String) rolledBack.read("$.status")).isEqualTo("rolled-back");
    var renamed = asAdmin(orgId).post(RENAME, Map.of("input", Map.of("name", "Now Again")));
    assertThat((List<?>) renamed.read("$.data.updateOrganization.userErrors")).isEmpty();
    assertThat(scim(secret, "POST", "/Users", scimUser("thawed-" + UUID.randomUUID())).statusCode())
        .isEqualTo(201);
  }

  @Test
  void shouldLeaveTheDataOnlyInTheSourceRegionWhenRolledBack() {
    String orgId = populatedOrg("eu", 84);
    Map<String, TreeSet<String>> before = rowsOf(orgId);
    String migrationId = "m-" + UUID.randomUUID();
    moveUntilReady(orgId, migrationId, "de");
    assertThat(inKeyspace(rowsOf(orgId), "reclaim_de")).as("the copy").isNotEmpty();

    var rollback = asPlatform().postJson(hooks(orgId) + "rollback", ref(migrationId));

    assertThat(rollback.status()).as(rollback.body()).isEqualTo(200);
    assertThat((String) rollback.read("$.status")).isEqualTo("rolled-back");
    Map<String, TreeSet<String>> after = rowsOf(orgId);
    assertThat(inKeyspace(after, "reclaim_de")).as("rows left in reclaim_de").isEmpty();
    assertThat(inKeyspace(after, "reclaim_eu")).isEqualTo(inKeyspace(before, "reclaim_eu"));
    assertThat(organizations.find(orgId).orElseThrow().region()).isEqualTo("eu");
    assertThat((Object) asViewer(orgId).post(MOVE).read("$.data.organization.residencyMove"))
        .isNull();
    var commit = asPlatform().postJson(hooks(orgId) + "commit", ref(migrationId));
    assertThat(commit.status()).isEqualTo(409);
    assertThat((String) commit.read("$.error.code")).isEqualTo("ROLLED_BACK");
  }

  @Test
  void shouldAnswerBadHookInputWithClearErrorsAndChangeNothing() {
    String orgId = freshOrgId();
    organizations.install(new InstallOrganization(orgId, "Hooks Co", "eu"));
    Map<String, TreeSet<String>> before = rowsOf(orgId);
    String unknown = "m-" + UUID.randomUUID();

    var unknownStatus = status(orgId, unknown);
    var unknownStart = asPlatform().postJson(hooks(orgId) + "start", ref(unknown));
    var unknownCommit = asPlatform().postJson(hooks(orgId) + "commit", ref(unknown));
    var unknownRollback = asPlatform().postJson(hooks(orgId) + "rollback", ref(unknown));
    var mars = asPlatform().postJson(hooks(orgId) + "schedule", schedule(unknown, "MARS"));
    var noId = asPlatform().postJson(hooks(orgId) + "schedule", "{\"location\":\"DE\"}");
    var badTime =
        asPlatform()
            .postJson(
                hooks(orgId) + "schedule",
                "{\"migrationId\":\"" + unknown + "\",\"location\":\"DE\",\"startTime\":\"soon\"}");
    var here = asPlatform().postJson(hooks(orgId) + "schedule", schedule(unknown, "EU"));
    var notJson = asPlatform().postJson(hooks(orgId) + "start", "start please");
    var byAdmin = asAdmin(orgId).postJson(hooks(orgId) + "schedule", schedule(unknown, "DE"));
    var noOrg = asPlatform().postJson(hooks(freshOrgId()) + "schedule", schedule(unknown, "DE"));

    for (var notScheduled : List.of(unknownStatus, unknownStart, unknownCommit, unknownRollback)) {
      assertThat(notScheduled.status()).as(notScheduled.body()).isEqualTo(404);
      assertThat((String) notScheduled.read("$.errorResponseCode")).isEqualTo("E0001");
      assertThat((String) notScheduled.read("$.error.code")).isEqualTo("NOT_SCHEDULED");
    }
    assertThat(mars.status()).isEqualTo(400);
    assertThat((String) mars.read("$.errorResponseCode")).isEqualTo("E0002");
    assertThat((String) mars.read("$.error.field")).isEqualTo("location");
    assertThat((String) mars.read("$.error.message")).contains("'MARS'").contains("de, eu");
    assertThat(noId.status()).isEqualTo(400);
    assertThat((String) noId.read("$.error.field")).isEqualTo("migrationId");
    assertThat((String) noId.read("$.errorResponseCode")).isEqualTo("E9999");
    assertThat((String) badTime.read("$.error.field")).isEqualTo("startTime");
    assertThat(here.status()).isEqualTo(409);
    assertThat((String) here.read("$.error.code")).isEqualTo("ALREADY_IN_REGION");
    assertThat(notJson.status()).isEqualTo(400);
    assertThat(byAdmin.status()).isEqualTo(403);
    assertThat(noOrg.status()).isEqualTo(404);
    assertThat((String) noOrg.read("$.error.code")).isEqualTo("NOT_INSTALLED");
    assertThat(rowsOf(orgId)).as("nothing written").isEqualTo(before);

    String first = "m-" + UUID.randomUUID();
    assertThat(asPlatform().postJson(hooks(orgId) + "schedule", schedule(first, "DE")).status())
        .isEqualTo(200);
    var second =
        asPlatform().postJson(hooks(orgId) + "schedule", schedule("m-" + UUID.randomUUID(), "US"));
    var early = asPlatform().postJson(hooks(orgId) + "commit", ref(first));

    assertThat(second.status()).isEqualTo(409);
    assertThat((String) second.read("$.errorResponseCode")).isEqualTo("E0004");
    assertThat(early.status()).isEqualTo(409);
    assertThat((String) early.read("$.error.code")).isEqualTo("NOT_READY");
    assertThat((String) status(orgId, first).read("$.status")).isEqualTo("scheduled");
    assertThat(organizations.find(orgId).orElseThrow().region()).isEqualTo("eu");
    assertThat(inKeyspace(rowsOf(orgId), "reclaim_de")).isEmpty();
    var cancelled = asPlatform().postJson(hooks(orgId) + "rollback", ref(first));
    assertThat((String) cancelled.read("$.status")).isEqualTo("rolled-back");
  }
}

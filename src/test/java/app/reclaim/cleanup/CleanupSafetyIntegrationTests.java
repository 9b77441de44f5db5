package app.reclaim.cleanup;

import static org.assertj.core.api.Assertions.assertThat;

import app.reclaim.IntegrationTest;
import app.reclaim.directory.AccountType;
import app.reclaim.directory.DirectoryGroup;
import app.reclaim.directory.DirectoryUser;
import app.reclaim.directory.DirectoryWriter;
import app.reclaim.directory.UserStatus;
import app.reclaim.simulator.AdminApiSimulator;
import app.reclaim.simulator.SimulatedAction;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The safety of EXECUTE runs: the settings' protections hold for runs and restores as for previews,
 * and the blast-radius guard stops runs larger than the org allows unless the count is confirmed.
 * Each org is a simulated one; the users a test acts on are tagged with an email domain of their
 * own in the mirror, so a rule selects exactly them.
 */
class CleanupSafetyIntegrationTests extends IntegrationTest {

  static final String SETTINGS = "{ settings { version blastRadiusPercent blastRadiusUsers } }";
  static final String UPDATE_SETTINGS =
      "mutation($input: UpdateSettingsInput!) { updateSettings(input: $input) {"
          + " settings { version blastRadiusPercent blastRadiusUsers } userErrors { field code } } }";
  static final String PREVIEW =
      "query($input: PreviewRuleInput!) { previewRule(input: $input) { preview {"
          + " totals { matched protectedUsers excluded } } userErrors { code } } }";
  static final String RUN =
      "query($id: ID!) { cleanupRun(id: $id) { id state errorCode errorMessage itemCount confirmCount"
          + " blastRadius { actingUsers billableUsers limitPercent limitUsers limit exceeded }"
          + " counts { matched done skipped } } }";
  static final String RUNS = "{ cleanupRuns(first: 50) { edges { node { id } } } }";
  static final String RESTORE =
      "mutation($input: RestoreCleanupInput!) { restoreCleanup(input: $input) {"
          + " run { id } userErrors { field code message } } }";

  @Autowired AdminApiSimulator simulator;
  @Autowired DirectoryWriter writer;
  @Autowired CleanupService cleanup;

  /** ACTIVE ATLASSIAN accounts that are not org admins, in account id order. */
  List<DirectoryUser> ordinary(String orgId) {
    return writer.snapshot(orgId).users().stream()
        .filter(
            u ->
                u.status() == UserStatus.ACTIVE
                    && u.accountType() == AccountType.ATLASSIAN
                    && !u.orgAdmin())
        .sorted(Comparator.comparing(DirectoryUser::accountId))
        .toList();
  }

  /** Gives these users an email domain of their own in the mirror; returns the domain. */
  String tag(String orgId, List<DirectoryUser> users) {
    String domain = "guard-" + UUID.randomUUID().toString().substring(0, 8) + ".example";
    writer.upsertUsers(
        orgId, users.stream().map(u -> u.withEmail(u.accountId() + "@" + domain)).toList());
    return domain;
  }

  /** A saved SUSPEND rule on ACTIVE users of {@code domain}. */
  String suspendRule(String orgId, String domain) {
    Map<String, Object> rule =
        Map.of(
            "name",
            "Suspend " + domain,
            "condition",
            Map.of(
                "all",
                List.of(
                    Map.of("status", List.of("ACTIVE")), Map.of("emailDomainIn", List.of(domain)))),
            "action",
            Map.of("type", "SUSPEND"));
    var r =
        asAdmin(orgId)
            .post(CleanupIntegrationTests.CREATE_RULE, Map.of("input", Map.of("rule", rule)));
    assertThat((List<?>) r.read("$.data.createRule.userErrors")).as(r.body()).isEmpty();
    return r.read("$.data.createRule.rule.id");
  }

  void settings(String orgId, Map<String, Object> change) {
    int version = asAdmin(orgId).post(SETTINGS).read("$.data.settings.version");
    Map<String, Object> input = new HashMap<>(change);
    input.put("expectedVersion", version);
    var r = asAdmin(orgId).post(UPDATE_SETTINGS, Map.of("input", input));
    assertThat((List<?>) r.read("$.data.updateSettings.userErrors")).as(r.body()).isEmpty();
  }

  Map<String, Object> start(String orgId, String ruleId, Integer confirmCount) {
    Map<String, Object> input = new HashMap<>(Map.of("ruleId", ruleId, "mode", "EXECUTE"));
    if (confirmCount != null) {
      input.put("confirmCount", confirmCount);
    }
    return asAdmin(orgId)
        .post(ConfirmedStart.START, Map.of("input", input))
        .read("$.data.startCleanup");
  }

  Map<String, Object> awaitEnd(String orgId, String runId) {
    return Awaitility.await("run " + runId + " ends")
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () ->
                asViewer(orgId)
                    .post(RUN, Map.of("id", runId))
                    .<Map<String, Object>>read("$.data.cleanupRun"),
            run -> !"RUNNING".equals(run.get("state")));
  }

  List<Map<String, Object>> items(String orgId, String runId) {
    return CleanupIntegrationTests.items(() -> asViewer(orgId), runId, null);
  }

  List<String> accountsActedOnUpstream(String orgId) {
    return simulator.actions(orgId).stream().map(SimulatedAction::accountId).toList();
  }

  @Test
  void shouldNeverPlanAnAccountProtectedInSettingsThoughThePreviewAlwaysLeftItOut() {
    String orgId = simulatedOrg(71, 40, 4);
    List<DirectoryUser> two = ordinary(orgId).subList(0, 2);
    String kept = two.get(0).accountId();
    String suspended = two.get(1).accountId();
    String ruleId = suspendRule(orgId, tag(orgId, two));
    settings(orgId, Map.of("protectedAccounts", List.of(kept)));

    Map<String, Object> totals =
        asViewer(orgId)
            .post(PREVIEW, Map.of("input", Map.of("ruleId", ruleId)))
            .read("$.data.previewRule.preview.totals");
    // The preview always left it out (as EXCLUDED before protections had one place; PROTECTED now).
    assertThat(totals).containsEntry("matched", 1);
    assertThat((Integer) totals.get("protectedUsers") + (Integer) totals.get("excluded"))
        .isEqualTo(1);
    assertThat(totals).containsEntry("protectedUsers", 1);

    Map<String, Object> started = start(orgId, ruleId, null);
    assertThat((List<?>) started.get("userErrors")).isEmpty();
    String runId = (String) ((Map<?, ?>) started.get("run")).get("id");
    assertThat(awaitEnd(orgId, runId)).containsEntry("state", "COMPLETED");

    assertThat(items(orgId, runId))
        .extracting(i -> i.get("accountId") + ":" + i.get("outcome"))
        .containsExactly(suspended + ":DONE");
    assertThat(accountsActedOnUpstream(orgId)).containsExactly(suspended);
  }

  @Test
  void shouldNeverPlanAMemberOfAProtectedGroup() {
    String orgId = simulatedOrg(72, 60, 6);
    List<DirectoryUser> users = ordinary(orgId);
    DirectoryUser member =
        users.stream().filter(u -> !u.groupIds().isEmpty()).findFirst().orElseThrow();
    String group = member.groupIds().iterator().next();
    DirectoryUser outsider =
        users.stream().filter(u -> !u.groupIds().contains(group)).findFirst().orElseThrow();
    assertThat(writer.snapshot(orgId).groups().get(group))
        .extracting(DirectoryGroup::id)
        .isEqualTo(group);
    String ruleId = suspendRule(orgId, tag(orgId, List.of(member, outsider)));
    settings(orgId, Map.of("protectedGroups", List.of(group)));

    Map<String, Object> started = start(orgId, ruleId, null);
    assertThat((List<?>) started.get("userErrors")).isEmpty();
    String runId = (String) ((Map<?, ?>) started.get("run")).get("id");
    assertThat(awaitEnd(orgId, runId)).containsEntry("state", "COMPLETED");

    assertThat(items(orgId, runId))
        .extracting(i -> i.get("accountId"))
        .containsExactly(outsider.accountId());
    assertThat(accountsActedOnUpstream(orgId)).containsExactly(outsider.accountId());
  }

  @Test
  void shouldSkipOnRestoreAnAccountProtectedSinceTheRun() {
    String orgId = simulatedOrg(73, 40, 4);
    List<DirectoryUser> two = ordinary(orgId).subList(0, 2);
    String ruleId = suspendRule(orgId, tag(orgId, two));
    String runId = (String) ((Map<?, ?>) start(orgId, ruleId, null).get("run")).get("id");
    assertThat(awaitEnd(orgId, runId)).containsEntry("state", "COMPLETED");
    assertThat(accountsActedOnUpstream(orgId)).hasSize(2);

    String nowProtected = two.get(0).accountId();
    settings(orgId, Map.of("protectedAccounts", List.of(nowProtected)));
    var restore = asAdmin(orgId).post(RESTORE, Map.of("input", Map.of("runId", runId)));
    assertThat((List<?>) restore.read("$.data.restoreCleanup.userErrors"))
        .as(restore.body())
        .isEmpty();
    String restoreId = restore.read("$.data.restoreCleanup.run.id");
    assertThat(awaitEnd(orgId, restoreId)).containsEntry("state", "COMPLETED");

    assertThat(items(orgId, restoreId))
        .extracting(i -> i.get("accountId") + ":" + i.get("outcome") + ":" + i.get("reason"))
        .containsExactlyInAnyOrder(
            nowProtected + ":SKIPPED:PROTECTED", two.get(1).accountId() + ":DONE:null");
    assertThat(accountsActedOnUpstream(orgId))
        .as("one suspend each, one restore: not of the protected account")
        .containsExactlyInAnyOrder(nowProtected, two.get(1).accountId(), two.get(1).accountId());
  }

  @Test
  void shouldRefuseAnExecuteRunOverTheBlastRadiusUntilTheExactCountIsConfirmed() {
    String orgId = simulatedOrg(74, 40, 4);
    List<DirectoryUser> five = ordinary(orgId).subList(0, 5);
    String ruleId = suspendRule(orgId, tag(orgId, five));
    settings(orgId, Map.of("blastRadiusUsers", 4));

    Map<String, Object> refused = start(orgId, ruleId, null);
    assertThat(refused.get("run")).isNull();
    assertThat((List<Map<String, Object>>) refused.get("userErrors"))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.get("code")).isEqualTo("BLAST_RADIUS_EXCEEDED");
              assertThat(e.get("field")).isEqualTo(List.of("input", "confirmCount"));
              assertThat((String) e.get("message"))
                  .contains("5 users", "confirmCount: 5", "4 users");
            });
    assertThat((Map<String, Object>) refused.get("blastRadius"))
        .containsEntry("actingUsers", 5)
        .containsEntry("limit", 4)
        .containsEntry("exceeded", true);
    Map<String, Object> mismatch = start(orgId, ruleId, 4);
    assertThat(mismatch.get("run")).isNull();
    assertThat(mismatch.get("userErrors").toString()).contains("CONFIRMATION_MISMATCH");
    assertThat((List<?>) asViewer(orgId).post(RUNS).read("$.data.cleanupRuns.edges"))
        .as("nothing written")
        .isEmpty();
    assertThat(simulator.actions(orgId)).isEmpty();

    Map<String, Object> confirmed = start(orgId, ruleId, 5);
    assertThat((List<?>) confirmed.get("userErrors")).isEmpty();
    Map<String, Object> run =
        awaitEnd(orgId, (String) ((Map<?, ?>) confirmed.get("run")).get("id"));
    assertThat(run).containsEntry("state", "COMPLETED").containsEntry("confirmCount", 5);
    assertThat((Map<String, Object>) run.get("blastRadius")).containsEntry("actingUsers", 5);
    assertThat(accountsActedOnUpstream(orgId)).hasSize(5);
  }

  @Test
  void shouldEndARunBeforeActingWhenTheDirectoryGrewPastTheConfirmedCount() {
    String orgId = simulatedOrg(75, 40, 4);
    List<DirectoryUser> users = ordinary(orgId);
    String domain = tag(orgId, users.subList(0, 3));
    String ruleId = suspendRule(orgId, domain);
    settings(orgId, Map.of("blastRadiusUsers", 2));
    // Confirmed at 3; two more users joined the domain before the run was planned.
    writer.upsertUsers(
        orgId,
        users.subList(3, 5).stream().map(u -> u.withEmail(u.accountId() + "@" + domain)).toList());

    CleanupRun blocked = cleanup.runConfirmedEarlier(orgId, ruleId, 3).run();

    assertThat(blocked.state()).isEqualTo(CleanupRun.State.FAILED);
    assertThat(blocked.errorCode()).isEqualTo("BLAST_RADIUS_EXCEEDED");
    assertThat(blocked.errorMessage()).contains("5 users", "3 users were confirmed");
    assertThat(blocked.items()).isZero();
    assertThat(blocked.blastRadius().actingUsers()).isEqualTo(5);
    assertThat(items(orgId, blocked.id().toString())).isEmpty();
    assertThat(simulator.actions(orgId)).isEmpty();

    CleanupRun allowed = cleanup.runConfirmedEarlier(orgId, ruleId, 5).run();
    assertThat(allowed.state()).isEqualTo(CleanupRun.State.COMPLETED);
    assertThat(accountsActedOnUpstream(orgId)).hasSize(5);
  }

  @Test
  void shouldValidateTheBlastRadiusSettings() {
    String orgId = simulatedOrg(76, 10, 2);
    assertThat(asViewer(orgId).post(SETTINGS).<Map<String, Object>>read("$.data.settings"))
        .containsEntry("blastRadiusPercent", 20)
        .containsEntry("blastRadiusUsers", 500);
    var r =
        asAdmin(orgId)
            .post(
                UPDATE_SETTINGS,
                Map.of(
                    "input",
                    Map.of("expectedVersion", 0, "blastRadiusPercent", 0, "blastRadiusUsers", 0)));
    assertThat(r.<List<String>>read("$.data.updateSettings.userErrors[*].code"))
        .containsExactly("OUT_OF_RANGE", "OUT_OF_RANGE");
    assertThat(r.<List<Object>>read("$.data.updateSettings.userErrors[*].field"))
        .containsExactly(
            List.of("input", "blastRadiusPercent"), List.of("input", "blastRadiusUsers"));
    settings(orgId, Map.of("blastRadiusPercent", 100, "blastRadiusUsers", 1));
    assertThat(asViewer(orgId).post(SETTINGS).<Map<String, Object>>read("$.data.settings"))
        .containsEntry("blastRadiusPercent", 100)
        .containsEntry("blastRadiusUsers", 1);
  }
}

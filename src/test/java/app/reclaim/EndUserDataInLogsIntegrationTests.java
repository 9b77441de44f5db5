package app.reclaim;

import static org.assertj.core.api.Assertions.assertThat;

import app.reclaim.cleanup.ConfirmedStart;
import app.reclaim.cleanup.MislabeledGroup;
import app.reclaim.directory.DirectoryGroup;
import app.reclaim.directory.DirectoryUser;
import app.reclaim.directory.DirectoryWriter;
import app.reclaim.organizations.CredentialsService;
import app.reclaim.organizations.InstallOrganization;
import app.reclaim.organizations.OrganizationService;
import app.reclaim.security.LocalTokens;
import app.reclaim.security.Role;
import app.reclaim.simulator.AdminApiSimulator;
import app.reclaim.sync.DirectorySync;
import app.reclaim.sync.SyncJob;
import ch.qos.logback.classic.Level;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * {@code endUserDataInLogs}: two orgs do the same things (a full sync, SCIM writes, a cleanup run
 * with failed items and an export, with the admin-API client logging at DEBUG); the log lines of
 * the whole test carry none of the end-user ids of the org that switched it off (its users' account
 * ids, its admin's account id, its SCIM user's id), while the other org's ids do show.
 */
class EndUserDataInLogsIntegrationTests extends IntegrationTest {

  private static final String SCIM_USER =
      "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"%s\","
          + "\"name\":{\"givenName\":\"Pat\",\"familyName\":\"Doe\"},"
          + "\"emails\":[{\"value\":\"%s\",\"type\":\"work\",\"primary\":true}],\"active\":true}";

  @Autowired AdminApiSimulator simulator;
  @Autowired OrganizationService organizations;
  @Autowired CredentialsService credentials;
  @Autowired DirectorySync sync;
  @Autowired DirectoryWriter writer;
  @Autowired LocalTokens tokens;

  @RegisterExtension
  final CapturedLogs logs = new CapturedLogs("app.reclaim.atlassian", Level.DEBUG);

  /** An org, its admin's account id, and the end-user ids its activity produced. */
  record Org(String id, String admin, GraphQlHttp asAdmin, Set<String> endUserIds) {}

  @Test
  void shouldLeaveNoEndUserIdOfAnOrgThatSwitchedItOffInAnyLogLine() {
    Org hidden = org(51, false);
    Org shown = org(52, true);

    exercise(hidden);
    exercise(shown);

    List<String> lines = logs.lines();
    assertThat(hidden.endUserIds()).hasSizeGreaterThan(50);
    List<String> leaks =
        lines.stream().filter(l -> hidden.endUserIds().stream().anyMatch(l::contains)).toList();
    assertThat(leaks).as("log lines naming an end user of " + hidden.id()).isEmpty();
    assertThat(lines)
        .as("the hidden org's lines say an id was there")
        .anyMatch(l -> l.contains(hidden.id()) && l.contains("[hidden]"));

    assertThat(lines)
        .as("the other org's lines name its admin and its users")
        .anyMatch(l -> l.contains(shown.admin()))
        .anyMatch(
            l ->
                l.contains(shown.id())
                    && shown.endUserIds().stream()
                        .filter(id -> !id.equals(shown.admin()))
                        .anyMatch(l::contains));
    assertThat(lines).noneMatch(l -> l.contains(shown.id()) && l.contains("[hidden]"));
  }

  Org org(long seed, boolean endUserData) {
    String orgId = freshOrgId();
    String key = simulator.addOrg(orgId, seed, 150, 14);
    organizations.install(new InstallOrganization(orgId, "Logs " + orgId, "eu"));
    credentials.set(orgId, key, LocalDate.now().plusDays(30));
    String admin = "acct-admin-" + UUID.randomUUID();
    GraphQlHttp client =
        new GraphQlHttp(port).bearer(tokens.mint(orgId, Role.ADMIN, admin, Duration.ofHours(1)));
    if (!endUserData) {
      var saved =
          client.post(
              "mutation($input: UpdateSettingsInput!) { updateSettings(input: $input) {"
                  + " settings { endUserDataInLogs } userErrors { code } } }",
              Map.of("input", Map.of("expectedVersion", 0, "endUserDataInLogs", false)));
      assertThat((Boolean) saved.read("$.data.updateSettings.settings.endUserDataInLogs"))
          .as(saved.body())
          .isFalse();
    }
    Set<String> ids = new HashSet<>();
    ids.add(admin);
    return new Org(orgId, admin, client, ids);
  }

  void exercise(Org org) {
    assertThat(sync.runNow(org.id(), SyncJob.Kind.FULL).job().state())
        .isEqualTo(SyncJob.State.COMPLETED);

    var token =
        org.asAdmin()
            .post(
                "mutation { createScimToken(input: {label: \"Okta\"}) { secret userErrors { code } } }");
    String secret = token.read("$.data.createScimToken.secret");
    GraphQlHttp scim = new GraphQlHttp(port).bearer(secret);
    String email = "pat." + UUID.randomUUID().toString().substring(0, 8) + "@logs.example";
    var created = scim.postJson("/scim/v2/Users", SCIM_USER.formatted(email, email));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    org.endUserIds().add(created.read("$.id"));

    // The mirror believes an IdP-synced group is local: Atlassian refuses each removal (403).
    DirectoryGroup synced = MislabeledGroup.relabelLocal(writer, org.id());
    var rule =
        org.asAdmin()
            .post(
                "mutation($input: CreateRuleInput!) { createRule(input: $input) { rule { id } } }",
                Map.of("input", Map.of("rule", MislabeledGroup.leaveRule(synced))));
    String ruleId = rule.read("$.data.createRule.rule.id");
    var started = ConfirmedStart.post(org.asAdmin(), ruleId, "EXECUTE");
    String runId = started.read("$.data.startCleanup.run.id");
    Map<String, Object> counts =
        Awaitility.await("run " + runId + " ends")
            .atMost(Duration.ofMinutes(2))
            .pollInterval(Duration.ofMillis(100))
            .until(
                () ->
                    org.asAdmin()
                        .post(
                            "query($id: ID!) { cleanupRun(id: $id) { state counts { failed } } }",
                            Map.of("id", runId))
                        .<Map<String, Object>>read("$.data.cleanupRun"),
                r -> !"RUNNING".equals(r.get("state")));
    assertThat(((Map<?, ?>) counts.get("counts")).get("failed")).isNotEqualTo(0);
    assertThat(org.asAdmin().get("/exports/cleanup-runs/" + runId + "/items.csv").status())
        .isEqualTo(200);

    writer.snapshot(org.id()).users().stream()
        .map(DirectoryUser::accountId)
        .forEach(org.endUserIds()::add);
  }
}

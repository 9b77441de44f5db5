package app.reclaim.organizations;

import static org.assertj.core.api.Assertions.assertThat;

import app.reclaim.ReclaimApplication;
import app.reclaim.security.Caller;
import app.reclaim.security.Role;
import app.reclaim.sync.SyncJob;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.json.JsonMapper;

/**
 * A move with other work around it: a sync running when the move starts pauses and finishes
 * afterwards, and a second instance (its own registry cache and directory index) sees the freeze
 * and then the commit.
 */
class ResidencyMoveWorkIntegrationTests extends OrgLifecycleTest {

  @Value("${reclaim.simulator.base-url}")
  String simulatorBaseUrl;

  @AfterEach
  void clearFaults() {
    simulator.faults().clear();
  }

  @Test
  void shouldPauseARunningSyncDuringTheMoveAndFinishItAfterwards() {
    String orgId = freshOrgId();
    String key = simulator.addOrg(orgId, 91, 600, 10);
    organizations.install(new InstallOrganization(orgId, "Busy " + orgId, "eu"));
    credentials.set(orgId, key, LocalDate.now().plusDays(30));
    simulator.faults(orgId).latency(Duration.ofMillis(30));
    Caller admin = new Caller(orgId, "admin", Set.of(Role.ADMIN));
    assertThat(sync.start(admin, SyncJob.Kind.FULL).error()).isNull();
    SyncJob running =
        Awaitility.await("sync reads its first page")
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(20))
            .until(() -> sync.status(admin).orElseThrow(), j -> j.pagesRead() > 0);
    assertThat(running.state()).isEqualTo(SyncJob.State.RUNNING);
    String migrationId = "m-" + UUID.randomUUID();

    moveUntilReady(orgId, migrationId, "de");

    SyncJob paused = sync.status(admin).orElseThrow();
    assertThat(paused.id()).isEqualTo(running.id());
    assertThat(paused.state()).as("paused, not failed").isEqualTo(SyncJob.State.RUNNING);
    assertThat(paused.usersSynced()).isLessThan(600);
    assertThat(
            asPlatform()
                .postJson(hooks(orgId) + "rollback", ref(migrationId))
                .<String>read("$.status"))
        .isEqualTo("rolled-back");
    simulator.faults(orgId).clear();
    SyncJob finished = sync.runNow(orgId, SyncJob.Kind.FULL).job();
    assertThat(finished.id()).as("the paused job resumed").isEqualTo(running.id());
    assertThat(finished.state()).isEqualTo(SyncJob.State.COMPLETED);
    assertThat(finished.usersSynced()).isEqualTo(600);
  }

  @Test
  void shouldReachAnotherInstanceWithTheFreezeAndTheCommit() throws Exception {
    String orgId = populatedOrg("eu", 92);
    String migrationId = "m-" + UUID.randomUUID();
    try (ConfigurableApplicationContext other =
        new SpringApplicationBuilder(ReclaimApplication.class)
            .profiles("test", "local")
            .run(
                "--server.port=0",
                "--reclaim.simulator.enabled=false",
                "--reclaim.atlassian.base-url=" + simulatorBaseUrl)) {
      int otherPort = Integer.parseInt(other.getEnvironment().getProperty("local.server.port"));
      String users = "{ users(first: 100) { totalCount edges { node { accountId name } } } }";
      // The second instance caches the org's registry row (eu) and builds its directory index.
      String before = post(otherPort, orgId, Role.VIEWER, users, Map.of());
      assertThat(before).contains("totalCount");

      moveUntilReady(orgId, migrationId, "de");
      String refused = post(otherPort, orgId, Role.ADMIN, rename("Elsewhere"), Map.of());
      String scimRefused =
          String.valueOf(
              scimOn(
                      otherPort,
                      scimSecrets.get(orgId),
                      "POST",
                      "/Users",
                      scimUser("other-" + UUID.randomUUID()))
                  .statusCode());
      assertThat(
              asPlatform()
                  .postJson(hooks(orgId) + "commit", ref(migrationId))
                  .<String>read("$.status"))
          .isEqualTo("committed");
      String renamed = post(otherPort, orgId, Role.ADMIN, rename("Moved By B"), Map.of());
      String after = post(otherPort, orgId, Role.VIEWER, users, Map.of());

      assertThat(refused).contains("ORGANIZATION_MOVING");
      assertThat(scimRefused).isEqualTo("503");
      assertThat(renamed).contains("Moved By B").doesNotContain("errors");
      assertThat(after).as("served from reclaim_de by the other instance").isEqualTo(before);
      var rows = rowsOf(orgId);
      assertThat(inKeyspace(rows, "reclaim_eu")).isEmpty();
      assertThat(inKeyspace(rows, "reclaim_de").get("org_profile").first()).contains("Moved By B");
    }
  }

  static String rename(String name) {
    return "mutation { updateOrganization(input: {name: \""
        + name
        + "\"}) { organization { name } userErrors { code } } }";
  }

  String post(int otherPort, String orgId, Role role, String query, Map<String, Object> variables)
      throws Exception {
    String body =
        JsonMapper.builder()
            .build()
            .writeValueAsString(Map.of("query", query, "variables", variables));
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://localhost:" + otherPort + "/graphql"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token(orgId, role))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }
}

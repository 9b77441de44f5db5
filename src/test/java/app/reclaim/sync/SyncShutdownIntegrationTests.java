package app.reclaim.sync;

import static org.assertj.core.api.Assertions.assertThat;

import app.reclaim.GraphQlHttp;
import app.reclaim.IntegrationTest;
import app.reclaim.ReclaimProcess;
import app.reclaim.organizations.CredentialsService;
import app.reclaim.organizations.InstallOrganization;
import app.reclaim.organizations.OrganizationService;
import app.reclaim.security.Caller;
import app.reclaim.security.Role;
import app.reclaim.simulator.AdminApiSimulator;
import app.reclaim.store.Leases;
import java.nio.file.Files;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A Reclaim server process stopped with SIGTERM in the middle of a sync: the job stops at a step
 * boundary with its cursor saved, its lease is released and the server exits without an ERROR line,
 * so this test's instance resumes the job at once from that cursor.
 */
class SyncShutdownIntegrationTests extends IntegrationTest {

  @Autowired AdminApiSimulator simulator;
  @Autowired OrganizationService organizations;
  @Autowired CredentialsService credentials;
  @Autowired DirectorySync sync;
  @Autowired Leases leases;

  @AfterEach
  void clearFaults() {
    simulator.faults().clear();
  }

  @Test
  void shouldStopASyncGracefullyOnSigtermAndBeResumedAtOnce() throws Exception {
    String orgId = freshOrgId();
    String key = simulator.addOrg(orgId, 93, 3_000, 12);
    organizations.install(new InstallOrganization(orgId, "Synced " + orgId, "eu"));
    credentials.set(orgId, key, LocalDate.now().plusDays(30));
    simulator.faults(orgId).latency(Duration.ofMillis(20));
    Caller viewer = new Caller(orgId, "tester", Set.of(Role.VIEWER));

    try (ReclaimProcess server =
        ReclaimProcess.start(
            List.of(
                "--reclaim.simulator.enabled=false",
                "--reclaim.atlassian.base-url=" + simulator.baseUrl()))) {
      var started =
          new GraphQlHttp(server.port())
              .bearer(token(orgId, Role.ADMIN))
              .post(
                  "mutation { startDirectorySync(input: {kind: FULL}) { job { id } userErrors {"
                      + " code } } }");
      assertThat((List<?>) started.read("$.data.startDirectorySync.userErrors")).isEmpty();
      Awaitility.await("some users synced before the stop")
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofMillis(20))
          .until(() -> sync.status(viewer).map(SyncJob::usersSynced).orElse(0) > 0);
      long logBefore = Files.size(server.log());

      assertThat(server.terminate(Duration.ofSeconds(60))).isEqualTo(128 + 15);
      String stopLog = Files.readString(server.log()).substring((int) logBefore);
      assertThat(stopLog).contains("stopped for shutdown").doesNotContain(" ERROR ");
    }
    SyncJob atStop = sync.status(viewer).orElseThrow();
    assertThat(atStop.state()).isEqualTo(SyncJob.State.RUNNING);
    assertThat(leases.holder(SyncRunner.leaseName(orgId))).as("released at the stop").isEmpty();

    sync.resumeInterrupted(orgId);
    SyncJob done =
        Awaitility.await("the resumed sync ends")
            .atMost(Duration.ofMinutes(2))
            .pollInterval(Duration.ofMillis(50))
            .until(
                () -> sync.status(viewer).orElseThrow(), j -> j.state() != SyncJob.State.RUNNING);

    assertThat(done.state()).isEqualTo(SyncJob.State.COMPLETED);
    assertThat(done.attempts()).isEqualTo(2);
    assertThat(done.usersSynced()).isEqualTo(simulator.state(orgId).users().size());
  }
}

package app.reclaim.sync;

import static org.assertj.core.api.Assertions.assertThat;

import app.reclaim.IntegrationTest;
import app.reclaim.directory.DirectoryGroup;
import app.reclaim.directory.DirectoryService;
import app.reclaim.directory.DirectoryUser;
import app.reclaim.directory.Page;
import app.reclaim.organizations.CredentialsService;
import app.reclaim.organizations.InstallOrganization;
import app.reclaim.organizations.OrganizationProfile;
import app.reclaim.organizations.OrganizationProfiles;
import app.reclaim.organizations.OrganizationService;
import app.reclaim.security.Caller;
import app.reclaim.security.Role;
import app.reclaim.simulator.AdminApiSimulator;
import app.reclaim.simulator.SimulatorState;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Directory sync from the simulator over real HTTP, through the real client, into Cassandra. */
class DirectorySyncIntegrationTests extends IntegrationTest {

  @Autowired AdminApiSimulator simulator;

  @Autowired OrganizationService organizations;

  @Autowired CredentialsService credentials;

  @Autowired OrganizationProfiles profiles;

  @Autowired DirectorySync sync;

  @Autowired DirectoryService directory;

  @Autowired app.reclaim.directory.DirectoryWriter writer;

  @AfterEach
  void clearFaults() {
    simulator.faults().clear();
  }

  String orgWithKey(long seed, int users, int groups) {
    String orgId = freshOrgId();
    String key = simulator.addOrg(orgId, seed, users, groups);
    organizations.install(new InstallOrganization(orgId, "Synced " + orgId, "eu"));
    credentials.set(orgId, key, LocalDate.now().plusDays(30));
    return orgId;
  }

  @Test
  void shouldMirrorTheDemoOrgsDirectoryFieldByField() {
    // The demo org's simulated directory (application.yaml: seed 1, 2,000 users, 60 groups).
    String orgId = orgWithKey(1, 2000, 60);

    var result = sync.runNow(orgId, SyncJob.Kind.FULL);

    assertThat(result.error()).isNull();
    assertThat(result.job().state()).isEqualTo(SyncJob.State.COMPLETED);
    assertMirrors(orgId, simulator.state(orgId));
  }

  @Test
  void shouldCompleteWithTheSameResultDespite5xxAnd429Bursts() {
    String orgId = orgWithKey(8, 300, 20);
    simulator.faults(orgId).errorRate(0.2, 42).throttleBursts(7, 2);

    var result = sync.runNow(orgId, SyncJob.Kind.FULL);

    assertThat(result.job().state())
        .as("error %s", result.job().errorCode())
        .isEqualTo(SyncJob.State.COMPLETED);
    assertThat(simulator.requests(orgId))
        .anyMatch(r -> r.status() == 429)
        .anyMatch(r -> r.status() >= 500);
    assertMirrors(orgId, simulator.state(orgId));
  }

  @Test
  void shouldReportTheOpenBreakerDuringAnOutageAndResumeLater() {
    String orgId = orgWithKey(9, 250, 10);
    simulator.faults(orgId).outage(Instant.now(), Instant.now().plus(1, ChronoUnit.HOURS));

    var failed = sync.runNow(orgId, SyncJob.Kind.FULL);

    assertThat(failed.job().state()).isEqualTo(SyncJob.State.FAILED);
    assertThat(failed.job().errorCode()).isEqualTo("BREAKER_OPEN");
    var status =
        asAdmin(orgId)
            .post("{ organization { syncStatus { state phase error { code breakerOpen } } } }");
    assertThat((String) status.read("$.data.organization.syncStatus.state")).isEqualTo("FAILED");
    assertThat((Boolean) status.read("$.data.organization.syncStatus.error.breakerOpen")).isTrue();

    simulator.faults(orgId).clear();
    // Until the breaker's wait in open state (200 ms in tests) passes, a resume fails fast again.
    SyncJob resumed =
        org.awaitility.Awaitility.await("sync resumed past the open breaker")
            .atMost(java.time.Duration.ofSeconds(30))
            .pollInterval(java.time.Duration.ofMillis(100))
            .until(
                () -> sync.runNow(orgId, SyncJob.Kind.FULL).job(),
                job -> job.state() == SyncJob.State.COMPLETED);

    assertThat(resumed.id()).isEqualTo(failed.job().id());
    assertThat(resumed.attempts()).isGreaterThanOrEqualTo(2);
    assertMirrors(orgId, simulator.state(orgId));
  }

  @Test
  void shouldResumeAKilledSyncWithoutRereadingCompletedPages() throws InterruptedException {
    String orgId = orgWithKey(10, 620, 12);
    String usersSearch = "/admin/v2/orgs/*/directories/*/users/search";
    // Groups: 1 page; users: 7 pages of 100. Killed after 3 pages: groups and two pages of users.
    var killed = sync.runUntilKilled(orgId, SyncJob.Kind.FULL, 3);
    assertThat(killed.job().state()).isEqualTo(SyncJob.State.RUNNING);
    assertThat(killed.job().phase()).isEqualTo(SyncJob.Phase.USERS);
    List<String> completedCursors = usersPageCursors(orgId).subList(0, 2);
    simulator.resetRequests(orgId);

    // Another owner takes the job over once the dead instance's lease (3 s in tests) has expired.
    org.awaitility.Awaitility.await("sync resumed")
        .atMost(java.time.Duration.ofSeconds(30))
        .pollInterval(java.time.Duration.ofMillis(200))
        .until(
            () -> {
              sync.resumeInterrupted(orgId);
              return sync.status(caller(orgId)).orElseThrow().attempts() >= 2;
            });
    SyncJob done = awaitCompletion(orgId);

    assertThat(done.id()).isEqualTo(killed.job().id());
    assertThat(done.usersBefore())
        .as("decided before the first write, kept across the restart")
        .isFalse();
    List<String> afterRestart = usersPageCursors(orgId);
    assertThat(afterRestart)
        .as("users pages read after the restart")
        .hasSize(5)
        .doesNotContainAnyElementsOf(completedCursors);
    assertThat(
            simulator.requestCount(orgId, "POST", "/admin/v2/orgs/*/directories/*/groups/search"))
        .as("group pages read after the restart")
        .isZero();
    assertMirrors(orgId, simulator.state(orgId));
  }

  /** The cursors of the users pages the simulator served, in order (null: the first page). */
  private List<String> usersPageCursors(String orgId) {
    return simulator.requests(orgId).stream()
        .filter(
            r ->
                r.method().equals("POST")
                    && r.path().endsWith("/users/search")
                    && r.status() == 200)
        .map(r -> String.valueOf(r.cursor()))
        .toList();
  }

  @Test
  void shouldRemoveRowsOfEarlierSyncsAndKeepOthersWhenTheOrgHadUsersBeforeItsFirstJob() {
    String orgId = orgWithKey(13, 150, 6);
    // A row an earlier sync wrote (its job expired long ago: jobs live 90 days) and one written by
    // hand (no generation): the org has users before this job, so the cleanup looks at every row.
    DirectoryUser stale = handMade("stale-" + orgId);
    DirectoryUser byHand = handMade("by-hand-" + orgId);
    writer.upsertSyncedUsers(orgId, List.of(stale), 1L);
    writer.upsertUsers(orgId, List.of(byHand));

    SyncJob job = sync.runNow(orgId, SyncJob.Kind.FULL).job();

    assertThat(job.state()).isEqualTo(SyncJob.State.COMPLETED);
    assertThat(job.usersBefore()).isTrue();
    assertThat(job.usersRemoved()).isEqualTo(1);
    assertThat(directory.user(caller(orgId), stale.accountId())).isEmpty();
    assertThat(directory.user(caller(orgId), byHand.accountId())).isPresent();
  }

  @Test
  void shouldSkipTheStaleScanOnlyWhenTheOrgHadNoUsers() {
    String orgId = orgWithKey(14, 130, 6);

    SyncJob first = sync.runNow(orgId, SyncJob.Kind.FULL).job();

    assertThat(first.state()).isEqualTo(SyncJob.State.COMPLETED);
    assertThat(first.usersBefore()).isFalse();
    assertThat(first.usersRemoved()).isZero();
    assertThat(sync.status(caller(orgId)).orElseThrow().usersBefore())
        .as("stored with the job")
        .isFalse();
    assertMirrors(orgId, simulator.state(orgId));
  }

  private static DirectoryUser handMade(String accountId) {
    return new DirectoryUser(
        accountId,
        "Hand Made",
        accountId + "@example.com",
        app.reclaim.directory.AccountType.ATLASSIAN,
        app.reclaim.directory.UserStatus.ACTIVE,
        false,
        false,
        false,
        null,
        Set.of(),
        Map.of(),
        Set.of());
  }

  @Test
  void shouldRemoveUsersAndGroupsGoneUpstream() {
    String orgId = orgWithKey(11, 120, 10);
    sync.runNow(orgId, SyncJob.Kind.FULL);
    SimulatorState.Org before = simulator.state(orgId);
    String goneUser = before.users().get(5).accountId();
    String goneGroup = before.groups().get(3).id();
    simulator.org(orgId).deleteUser(goneUser);
    simulator.org(orgId).deleteGroup(goneGroup);
    assertThat(
            simulator.requestCount(
                orgId, "GET", "/admin/v1/orgs/*/directory/users/*/last-active-dates"))
        .as("first sync asks v1 for the addedToOrg v2 lacks")
        .isPositive();
    simulator.resetRequests(orgId);

    var second = sync.runNow(orgId, SyncJob.Kind.FULL);

    assertThat(
            simulator.requestCount(
                orgId, "GET", "/admin/v1/orgs/*/directory/users/*/last-active-dates"))
        .as("a known addedToOrg is not asked again")
        .isZero();
    assertThat(second.job().usersBefore()).as("the second sync found users").isTrue();
    assertThat(second.job().usersRemoved()).isEqualTo(1);
    assertThat(second.job().groupsRemoved()).isEqualTo(1);
    assertThat(directory.user(caller(orgId), goneUser)).isEmpty();
    assertThat(directory.group(caller(orgId), goneGroup)).isEmpty();
    assertMirrors(orgId, simulator.state(orgId));
  }

  @Test
  void shouldStartOverGraphQlOnlyForAdminsWithCredentials() {
    String orgId = orgWithKey(12, 50, 5);
    String noKey = freshOrgId();
    organizations.install(new InstallOrganization(noKey, "No key", "eu"));
    String mutation =
        "mutation { startDirectorySync(input: {kind: FULL}) { job { id state kind } userErrors { code } } }";

    var asViewer = asViewer(orgId).post(mutation);
    var withoutKey = asAdmin(noKey).post(mutation);
    var started = asAdmin(orgId).post(mutation);

    assertThat((String) asViewer.read("$.errors[0].extensions.code")).isEqualTo("FORBIDDEN");
    assertThat((List<String>) withoutKey.read("$.data.startDirectorySync.userErrors[*].code"))
        .containsExactly("NO_CREDENTIALS");
    assertThat((String) started.read("$.data.startDirectorySync.job.kind")).isEqualTo("FULL");
    SyncJob done = awaitCompletion(orgId);
    assertThat(done.state()).isEqualTo(SyncJob.State.COMPLETED);
    var status =
        asViewer(orgId).post("{ organization { syncStatus { state usersSynced groupsSynced } } }");
    assertThat((Integer) status.read("$.data.organization.syncStatus.usersSynced"))
        .isEqualTo(simulator.state(orgId).users().size());
  }

  @Test
  void shouldRunOneSyncPerOrgAtATime() throws Exception {
    String orgId = orgWithKey(13, 400, 10);
    simulator.faults(orgId).latency(java.time.Duration.ofMillis(20));
    Caller admin = new Caller(orgId, "admin", Set.of(Role.ADMIN));

    var first = sync.start(admin, SyncJob.Kind.FULL);
    var second = sync.start(admin, SyncJob.Kind.FULL);

    assertThat(first.error()).isNull();
    assertThat(second.error()).isNotNull();
    assertThat(second.error().code()).isEqualTo("ALREADY_RUNNING");
    assertThat(awaitCompletion(orgId).state()).isEqualTo(SyncJob.State.COMPLETED);
  }

  // ---- helpers ---------------------------------------------------------------------------------

  @Autowired app.reclaim.store.Leases leases;

  @Test
  void shouldNotResumeASyncThisInstanceIsStillExecutingAfterItsLeaseLapsed() {
    for (int round = 0; round < 5; round++) {
      String orgId = orgWithKey(15 + round, 400, 10);
      simulator.faults(orgId).latency(java.time.Duration.ofMillis(20));
      Caller admin = new Caller(orgId, "admin", Set.of(Role.ADMIN));
      assertThat(sync.start(admin, SyncJob.Kind.FULL).error()).isNull();

      // The lease lapses under the running sync, as a slow step's would: the resumer must not
      // start this instance's own job a second time beside it.
      String lease = SyncRunner.leaseName(orgId);
      leases.holder(lease).ifPresent(owner -> leases.release(lease, owner));
      sync.resumeInterrupted(orgId);

      SyncJob done = awaitCompletion(orgId);
      assertThat(done.state()).as("round " + round).isEqualTo(SyncJob.State.COMPLETED);
      assertThat(done.attempts()).as("round " + round + ": resumed beside itself").isEqualTo(1);
    }
  }

  private SyncJob awaitCompletion(String orgId) {
    Caller caller = caller(orgId);
    return org.awaitility.Awaitility.await("sync of " + orgId + " finishes")
        .atMost(java.time.Duration.ofSeconds(60))
        .pollInterval(java.time.Duration.ofMillis(50))
        .until(
            () -> sync.status(caller).orElseThrow(), job -> job.state() != SyncJob.State.RUNNING);
  }

  private static Caller caller(String orgId) {
    return new Caller(orgId, "tester", Set.of(Role.VIEWER));
  }

  /**
   * The mirror equals the simulator's directory: users, activity, groups, roles, members, profile.
   */
  private void assertMirrors(String orgId, SimulatorState.Org upstream) {
    Caller caller = caller(orgId);
    List<DirectoryUser> mirrored = new ArrayList<>();
    String after = null;
    Page<DirectoryUser> page;
    do {
      page = directory.users(caller, null, null, 100, after);
      page.items().forEach(i -> mirrored.add(i.node()));
      after = page.pageInfo().endCursor();
    } while (page.hasNextPage());
    Map<String, DirectoryUser> byId =
        mirrored.stream().collect(Collectors.toMap(DirectoryUser::accountId, u -> u));
    assertThat(byId.keySet())
        .containsExactlyInAnyOrderElementsOf(
            upstream.users().stream().map(SimulatorState.User::accountId).toList());
    for (SimulatorState.User u : upstream.users()) {
      DirectoryUser m = byId.get(u.accountId());
      assertThat(m.name()).as("name of %s", u.accountId()).isEqualTo(u.name());
      assertThat(m.email()).as("email of %s", u.accountId()).isEqualTo(u.email());
      assertThat(m.accountType().name().toLowerCase()).isEqualTo(u.accountType());
      assertThat(m.status().name())
          .as("status of %s", u.accountId())
          .isEqualTo(u.status().equals("for_deletion") ? "DEACTIVATED" : u.status().toUpperCase());
      assertThat(m.managed()).isEqualTo("managed".equals(u.claimStatus()));
      assertThat(m.orgAdmin()).isEqualTo(u.orgAdmin());
      assertThat(m.idpSynced()).isEqualTo(u.synced());
      assertThat(m.addedToOrg())
          .as("addedToOrg of %s", u.accountId())
          .isEqualTo(u.addedToOrg().truncatedTo(ChronoUnit.MILLIS));
      assertThat(m.productAccess())
          .as("access of %s", u.accountId())
          .isEqualTo(
              u.productAccess().stream()
                  .map(SimulatorState.ProductAccess::key)
                  .collect(Collectors.toSet()));
      Map<String, Instant> activity = new HashMap<>();
      u.productAccess().stream()
          .filter(p -> p.lastActive() != null)
          .forEach(
              p ->
                  activity.merge(
                      p.key(),
                      p.lastActive().truncatedTo(ChronoUnit.MILLIS),
                      (a, b) -> a.isAfter(b) ? a : b));
      assertThat(m.lastActiveByProduct()).as("activity of %s", u.accountId()).isEqualTo(activity);
      assertThat(m.groupIds())
          .as("groups of %s", u.accountId())
          .isEqualTo(new HashSet<>(u.groupIds()));
    }
    Page<DirectoryGroup> groups = directory.groups(caller, null, null, 100, null);
    Map<String, DirectoryGroup> groupsById = new HashMap<>();
    groups.items().forEach(i -> groupsById.put(i.node().id(), i.node()));
    assertThat(groupsById.keySet())
        .containsExactlyInAnyOrderElementsOf(
            upstream.groups().stream().map(SimulatorState.Group::id).toList());
    for (SimulatorState.Group g : upstream.groups()) {
      DirectoryGroup m = groupsById.get(g.id());
      assertThat(m.name()).isEqualTo(g.name());
      assertThat(m.source().name()).as("source of %s", g.id()).isEqualTo(g.source());
      Map<String, Set<String>> expectedRoles = new TreeMap<>();
      g.rolesByProduct()
          .forEach(
              (product, roles) -> {
                if (!roles.isEmpty()) {
                  expectedRoles.put(product, new HashSet<>(roles));
                }
              });
      assertThat(new TreeMap<>(m.roles())).as("roles of %s", g.id()).isEqualTo(expectedRoles);
      assertThat(directory.memberCounts(caller, List.of(g.id())).get(g.id()))
          .as("members of %s", g.id())
          .isEqualTo(g.memberIds().size());
    }
    OrganizationProfile profile = profiles.get(orgId);
    assertThat(profile.userManagement())
        .isEqualTo(
            upstream.centralized()
                ? OrganizationProfile.UserManagement.CENTRALIZED
                : OrganizationProfile.UserManagement.ORIGINAL);
    assertThat(profile.managedDomains())
        .isEqualTo(
            upstream.domains().stream()
                .filter(SimulatorState.Domain::verified)
                .map(SimulatorState.Domain::name)
                .collect(Collectors.toSet()));
    assertThat(profile.products())
        .isEqualTo(
            upstream.workspaces().stream()
                .map(SimulatorState.Workspace::typeKey)
                .collect(Collectors.toSet()));
  }
}

package app.reclaim.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import app.reclaim.simulator.SimulatedAction.Outcome;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Writes change the org, land in the action log, and are refused where Atlassian refuses them. */
class SimulatorWriteTests {

  static AdminApiSimulator simulator;
  String org;
  ApiClient api;

  @BeforeAll
  static void start() {
    simulator = new AdminApiSimulator(SimulatorProperties.empty()).start();
  }

  @AfterAll
  static void stop() {
    simulator.stop();
  }

  @BeforeEach
  void freshOrg() {
    org = "w-" + UUID.randomUUID().toString().substring(0, 8);
    api = new ApiClient(simulator.baseUrl(), simulator.addOrg(org, 11, 300, 30));
  }

  SimulatorState.User user(Predicate<SimulatorState.User> which) {
    return simulator.state(org).users().stream().filter(which).findFirst().orElseThrow();
  }

  SimulatorState.Group group(Predicate<SimulatorState.Group> which) {
    return simulator.state(org).groups().stream().filter(which).findFirst().orElseThrow();
  }

  /** The user's path in its (first) directory: writes name a real directory, never "-". */
  String userPath(String accountId) {
    SimulatorState.Org state = simulator.state(org);
    String directory =
        state
            .user(accountId)
            .map(SimulatorState.User::directoryId)
            .orElse(state.directories().get(0).directoryId());
    return "/v2/orgs/" + org + "/directories/" + directory + "/users/" + accountId;
  }

  /** The group's memberships in its own directory. */
  String memberships(String groupId) {
    SimulatorState.Org state = simulator.state(org);
    String directory =
        state
            .group(groupId)
            .map(SimulatorState.Group::directoryId)
            .orElse(state.directories().get(0).directoryId());
    return "/v2/orgs/" + org + "/directories/" + directory + "/groups/" + groupId + "/memberships";
  }

  @Test
  void shouldSuspendAndRestoreAUserAndLogBoth() {
    String id =
        user(u -> u.status().equals("active") && u.accountType().equals("atlassian")).accountId();

    assertThat(api.post(userPath(id) + "/suspend", null).status()).isEqualTo(204);
    assertThat(simulator.state(org).user(id).orElseThrow().status()).isEqualTo("suspended");
    assertThat(api.post(userPath(id) + "/suspend", null).status()).isEqualTo(204);
    assertThat(api.post(userPath(id) + "/restore", null).status()).isEqualTo(204);

    assertThat(simulator.state(org).user(id).orElseThrow().status()).isEqualTo("active");
    assertThat(simulator.actions(org))
        .extracting(
            SimulatedAction::action,
            SimulatedAction::accountId,
            SimulatedAction::outcome,
            SimulatedAction::status)
        .containsExactly(
            tuple("suspend", id, Outcome.DONE, 204),
            tuple("suspend", id, Outcome.UNCHANGED, 204),
            tuple("restore", id, Outcome.DONE, 204));
    assertThat(simulator.actions(org)).allMatch(a -> a.time() != null && a.groupId() == null);
  }

  @Test
  void shouldSuspendSyncedUsersBecauseTheIdpDoesNotControlSuspension() {
    String id = user(u -> u.synced() && u.status().equals("active")).accountId();

    assertThat(api.post(userPath(id) + "/suspend", null).status()).isEqualTo(204);
    assertThat(simulator.state(org).user(id).orElseThrow().status()).isEqualTo("suspended");
  }

  @Test
  void shouldRemoveUsersFromTheDirectoryKeepingManagedAccountsListed() {
    SimulatorState.User unmanaged =
        user(
            u ->
                u.claimStatus().equals("unmanaged")
                    && !u.groupIds().isEmpty()
                    && u.accountType().equals("atlassian"));
    SimulatorState.User managed =
        user(
            u ->
                u.claimStatus().equals("managed")
                    && !u.synced()
                    && !u.groupIds().isEmpty()
                    && u.status().equals("active"));

    assertThat(api.delete(userPath(unmanaged.accountId())).status()).isEqualTo(204);
    assertThat(api.delete(userPath(managed.accountId())).status()).isEqualTo(204);

    SimulatorState.Org after = simulator.state(org);
    assertThat(after.user(unmanaged.accountId())).isEmpty();
    assertThat(after.user(managed.accountId()).orElseThrow())
        .satisfies(
            u -> {
              assertThat(u.status()).isEqualTo("not_invited");
              assertThat(u.groupIds()).isEmpty();
              assertThat(u.directoryId()).isNull();
            });
    assertThat(after.groups())
        .noneMatch(
            g ->
                g.memberIds().contains(unmanaged.accountId())
                    || g.memberIds().contains(managed.accountId()));
    assertThat(api.delete(userPath(managed.accountId())).status()).isEqualTo(404);
    assertThat(simulator.actions(org))
        .extracting(SimulatedAction::outcome)
        .containsExactly(Outcome.DONE, Outcome.DONE, Outcome.NOT_FOUND);
  }

  @Test
  void shouldRefuseToRemoveASyncedUserAndChangeNothing() {
    SimulatorState.User synced = user(u -> u.synced() && u.status().equals("active"));

    ApiClient.Result refused = api.delete(userPath(synced.accountId()));

    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.json().path("message").asString())
        .isEqualTo(SimulatedOrg.SYNCED_USER_REMOVE_REFUSED);
    assertThat(refused.json().path("errors").get(0).path("detail").asString())
        .startsWith("We're unable to remove this user.");
    assertThat(simulator.state(org).user(synced.accountId())).contains(synced);
    assertThat(simulator.actions(org))
        .singleElement()
        .satisfies(a -> assertThat(a.outcome()).isEqualTo(Outcome.REFUSED));
  }

  @Test
  void shouldAddAndRemoveGroupMembersAndTheProductAccessTheyGrant() {
    SimulatorState.Group bitbucket = group(g -> g.name().equals("bitbucket-users"));
    SimulatorState.User user =
        user(
            u ->
                u.status().equals("active")
                    && u.accountType().equals("atlassian")
                    && u.productAccess().stream().noneMatch(p -> p.key().equals("bitbucket")));

    assertThat(
            api.post(memberships(bitbucket.id()), "{\"accountId\": \"" + user.accountId() + "\"}")
                .status())
        .isEqualTo(204);
    SimulatorState.User added = simulator.state(org).user(user.accountId()).orElseThrow();
    assertThat(added.groupIds()).contains(bitbucket.id());
    assertThat(added.productAccess())
        .anyMatch(p -> p.key().equals("bitbucket") && p.lastActive() == null);
    assertThat(simulator.state(org).group(bitbucket.id()).orElseThrow().memberIds())
        .contains(user.accountId());

    assertThat(api.delete(memberships(bitbucket.id()) + "/" + user.accountId()).status())
        .isEqualTo(204);
    assertThat(api.delete(memberships(bitbucket.id()) + "/" + user.accountId()).status())
        .isEqualTo(204);

    assertThat(simulator.state(org).user(user.accountId())).contains(user);
    assertThat(simulator.actions(org))
        .extracting(SimulatedAction::action, SimulatedAction::groupId, SimulatedAction::outcome)
        .containsExactly(
            tuple("add-member", bitbucket.id(), Outcome.DONE),
            tuple("remove-member", bitbucket.id(), Outcome.DONE),
            tuple("remove-member", bitbucket.id(), Outcome.UNCHANGED));
  }

  @Test
  void shouldRefuseMembershipChangesOfIdpSyncedGroupsAndChangeNothing() {
    SimulatorState.Group synced = group(g -> g.externalSynced() && !g.memberIds().isEmpty());
    String member = synced.memberIds().get(0);
    String outsider =
        user(u -> u.synced() && !u.groupIds().contains(synced.id()) && u.directoryId() != null)
            .accountId();
    SimulatorState.Org before = simulator.state(org);

    ApiClient.Result add =
        api.post(memberships(synced.id()), "{\"accountId\": \"" + outsider + "\"}");
    ApiClient.Result remove = api.delete(memberships(synced.id()) + "/" + member);

    assertThat(add.status()).isEqualTo(403);
    assertThat(add.json().path("message").asString())
        .isEqualTo(
            "You can't add a user to a group synced from an"
                + " identity provider. Manage this group in your identity provider instead.");
    assertThat(add.json().path("errors").get(0).path("code").asString())
        .isEqualTo("ADMIN-UAM-403-1");
    assertThat(remove.status()).isEqualTo(403);
    assertThat(remove.json().path("message").asString())
        .isEqualTo(
            "You can't remove a user from a group synced"
                + " from an identity provider. Manage this group in your identity provider instead.");
    assertThat(simulator.state(org)).isEqualTo(before);
    assertThat(simulator.actions(org))
        .extracting(SimulatedAction::outcome, SimulatedAction::status)
        .containsExactly(tuple(Outcome.REFUSED, 403), tuple(Outcome.REFUSED, 403));
  }

  @Test
  void shouldRefuseAddingUsersBeyondAProductsCapacity() {
    SimulatorState.Group bitbucket = group(g -> g.name().equals("bitbucket-users"));
    SimulatorState.Workspace workspace = simulator.state(org).workspaces().get(3);
    List<String> candidates =
        simulator.state(org).users().stream()
            .filter(
                u ->
                    u.status().equals("active")
                        && u.accountType().equals("atlassian")
                        && u.productAccess().stream().noneMatch(p -> p.key().equals("bitbucket")))
            .map(SimulatorState.User::accountId)
            .toList();
    int free = workspace.capacity() - workspace.usage();

    for (String id : candidates.subList(0, free)) {
      assertThat(api.post(memberships(bitbucket.id()), "{\"accountId\": \"" + id + "\"}").status())
          .isEqualTo(204);
    }
    ApiClient.Result refused =
        api.post(memberships(bitbucket.id()), "{\"accountId\": \"" + candidates.get(free) + "\"}");

    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.json().path("message").asString()).isEqualTo(SimulatedOrg.CAPACITY_REFUSED);
    assertThat(simulator.state(org).workspaces().get(3).usage()).isEqualTo(workspace.capacity());
    assertThat(simulator.state(org).user(candidates.get(free)).orElseThrow().groupIds())
        .doesNotContain(bitbucket.id());
  }

  @Test
  void shouldInviteAnUninvitedManagedAccountAddedToAGroup() {
    SimulatorState.User uninvited = user(u -> u.status().equals("not_invited"));
    SimulatorState.Group team =
        group(g -> g.source().equals("LOCAL") && g.roleAssignments().isEmpty());

    assertThat(
            api.post(memberships(team.id()), "{\"account_id\": \"" + uninvited.accountId() + "\"}")
                .status())
        .as("the v1 body is not the v2 body")
        .isEqualTo(400);
    assertThat(
            api.post(memberships(team.id()), "{\"accountId\": \"" + uninvited.accountId() + "\"}")
                .status())
        .isEqualTo(204);

    assertThat(simulator.state(org).user(uninvited.accountId()).orElseThrow())
        .satisfies(u -> assertThat(u.status()).isEqualTo("active"))
        .satisfies(u -> assertThat(u.directoryId()).isEqualTo(team.directoryId()));
  }

  @Test
  void shouldAnswerUnknownUsersAndGroupsWith404AndLogThem() {
    String id = user(u -> u.status().equals("active")).accountId();
    SimulatorState.Group group = group(g -> g.source().equals("LOCAL"));

    assertThat(api.post(userPath("nobody") + "/suspend", null).status()).isEqualTo(404);
    assertThat(api.post(memberships("no-group"), "{\"accountId\": \"" + id + "\"}").status())
        .isEqualTo(404);
    assertThat(api.post(memberships(group.id()), "{\"accountId\": \"nobody\"}").status())
        .isEqualTo(404);
    assertThat(api.post(memberships(group.id()), "{}").status()).isEqualTo(400);
    assertThat(
            api.post("/v2/orgs/" + org + "/directories/no-such/users/" + id + "/suspend", null)
                .status())
        .isEqualTo(404);

    assertThat(simulator.actions(org))
        .extracting(SimulatedAction::outcome)
        .containsExactly(
            Outcome.NOT_FOUND,
            Outcome.NOT_FOUND,
            Outcome.NOT_FOUND,
            Outcome.REJECTED,
            Outcome.NOT_FOUND);
    assertThat(simulator.actions(org).get(4).directoryId()).isEqualTo("no-such");
  }

  @Test
  void shouldLetTestsChangeTheOrgUpstreamWithoutTheActionLog() {
    SimulatedOrg upstream = simulator.org(org);
    SimulatorState.User active =
        user(u -> u.status().equals("active") && !u.productAccess().isEmpty());
    SimulatorState.User leaver = user(u -> u.status().equals("suspended"));
    SimulatorState.Group synced = group(g -> g.externalSynced() && !g.memberIds().isEmpty());
    String product = active.productAccess().get(0).key();

    upstream.recordActivity(
        active.accountId(), product, java.time.Instant.parse("2026-01-02T03:04:05.678Z"));
    upstream.putMembership(synced.id(), synced.memberIds().get(0), false);
    assertThat(upstream.deleteUser(leaver.accountId())).isTrue();

    SimulatorState.Org after = simulator.state(org);
    assertThat(after.user(active.accountId()).orElseThrow().lastActive())
        .containsEntry(product, java.time.Instant.parse("2026-01-02T03:04:05Z"));
    assertThat(after.user(leaver.accountId())).isEmpty();
    assertThat(after.groups()).noneMatch(g -> g.memberIds().contains(leaver.accountId()));
    assertThat(after.group(synced.id()).orElseThrow().memberIds())
        .doesNotContain(synced.memberIds().get(0));
    assertThat(simulator.actions(org)).isEmpty();
  }

  @Test
  void shouldRefuseEveryWriteThroughTheWildcardDirectoryChangeNothingAndLogIt() {
    SimulatorState.User active =
        user(u -> u.status().equals("active") && u.accountType().equals("atlassian"));
    SimulatorState.Group local =
        group(g -> g.source().equals("LOCAL") && !g.memberIds().contains(active.accountId()));
    SimulatorState.Org before = simulator.state(org);
    String user = "/v2/orgs/" + org + "/directories/-/users/" + active.accountId();
    String members = "/v2/orgs/" + org + "/directories/-/groups/" + local.id() + "/memberships";

    List<ApiClient.Result> answers =
        List.of(
            api.post(user + "/suspend", null),
            api.post(user + "/restore", null),
            api.delete(user),
            api.post(members, "{\"accountId\": \"" + active.accountId() + "\"}"),
            api.delete(members + "/" + active.accountId()));

    assertThat(answers)
        .allSatisfy(
            a -> {
              assertThat(a.status()).isEqualTo(400);
              assertThat(a.json().path("errors").get(0).path("code").asString())
                  .isEqualTo("ADMIN-UAM-400-1");
              assertThat(a.json().path("errors").get(0).path("detail").asString())
                  .isEqualTo(AdminApiRoutes.WILDCARD_WRITE);
            });
    assertThat(simulator.state(org)).isEqualTo(before);
    assertThat(simulator.actions(org))
        .extracting(
            SimulatedAction::action,
            SimulatedAction::directoryId,
            SimulatedAction::outcome,
            SimulatedAction::status)
        .containsExactly(
            tuple("suspend", "-", Outcome.REJECTED, 400),
            tuple("restore", "-", Outcome.REJECTED, 400),
            tuple("remove-from-directory", "-", Outcome.REJECTED, 400),
            tuple("add-member", "-", Outcome.REJECTED, 400),
            tuple("remove-member", "-", Outcome.REJECTED, 400));
  }

  @Test
  void shouldRefuseBodiesTheWriteEndpointsDoNotDocument() {
    String id = user(u -> u.status().equals("active")).accountId();
    SimulatorState.Group local = group(g -> g.source().equals("LOCAL"));

    assertThat(api.post(userPath(id) + "/suspend", "{\"reason\": \"x\"}").status()).isEqualTo(400);
    assertThat(api.post(memberships(local.id()), "{\"accountId\": 7}").status()).isEqualTo(400);
    assertThat(
            api.post(memberships(local.id()), "{\"accountId\": \"" + id + "\", \"role\": \"x\"}")
                .status())
        .isEqualTo(400);
    assertThat(simulator.state(org).user(id).orElseThrow().status()).isEqualTo("active");
    assertThat(simulator.actions(org))
        .extracting(SimulatedAction::outcome)
        .containsOnly(Outcome.REJECTED)
        .hasSize(3);
  }

  /** The original user-management experience: users in several directories. */
  @Nested
  class MultiDirectory {

    String multi;
    ApiClient api;

    @BeforeEach
    void multiOrg() {
      multi = "m-" + UUID.randomUUID().toString().substring(0, 8);
      api =
          new ApiClient(
              simulator.baseUrl(),
              simulator.addOrg(OrgSpec.of(multi, 12, 300, 24).withDirectories(3)));
    }

    SimulatorState.User twoDirectoryUser() {
      return simulator.state(multi).users().stream()
          .filter(
              u ->
                  u.memberships().size() == 2
                      && u.status().equals("active")
                      && !u.memberships().containsValue("suspended"))
          .findFirst()
          .orElseThrow();
    }

    String path(String directory, String accountId) {
      return "/v2/orgs/" + multi + "/directories/" + directory + "/users/" + accountId;
    }

    JsonNode listed(String directory, String accountId) {
      return api.post(
              "/v2/orgs/" + multi + "/directories/" + directory + "/users/search",
              "{\"accountIds\": [\"" + accountId + "\"]}")
          .json()
          .path("data")
          .get(0);
    }

    @Test
    void shouldSuspendOneDirectorysMembershipAndShowSuspendedThroughDashOnlyWhenSuspendedInAll() {
      SimulatorState.User user = twoDirectoryUser();
      List<String> directories = List.copyOf(user.memberships().keySet());

      assertThat(api.post(path(directories.get(0), user.accountId()) + "/suspend", null).status())
          .isEqualTo(204);

      SimulatorState.User half = simulator.state(multi).user(user.accountId()).orElseThrow();
      assertThat(half.memberships())
          .containsEntry(directories.get(0), "suspended")
          .containsEntry(directories.get(1), "active");
      assertThat(half.status()).isEqualTo("active");
      assertThat(listed(directories.get(0), user.accountId()).path("membershipStatus").asString())
          .isEqualTo("suspended");
      assertThat(listed(directories.get(0), user.accountId()).path("status").asString())
          .isEqualTo("suspended");
      assertThat(listed(directories.get(1), user.accountId()).path("status").asString())
          .isEqualTo("active");
      assertThat(listed("-", user.accountId()).path("membershipStatus").asString())
          .isEqualTo("active");

      assertThat(api.post(path(directories.get(1), user.accountId()) + "/suspend", null).status())
          .isEqualTo(204);

      assertThat(listed("-", user.accountId()).path("status").asString()).isEqualTo("suspended");
      assertThat(simulator.state(multi).user(user.accountId()).orElseThrow().status())
          .isEqualTo("suspended");
      assertThat(simulator.actions(multi))
          .extracting(
              SimulatedAction::action, SimulatedAction::directoryId, SimulatedAction::outcome)
          .containsExactly(
              tuple("suspend", directories.get(0), Outcome.DONE),
              tuple("suspend", directories.get(1), Outcome.DONE));
    }

    @Test
    void shouldAnswer404ForAWriteInARealDirectoryTheUserOrGroupIsNotIn() {
      SimulatorState.Org state = simulator.state(multi);
      SimulatorState.User user = twoDirectoryUser();
      String elsewhere =
          state.directories().stream()
              .map(SimulatorState.Directory::directoryId)
              .filter(d -> !user.memberships().containsKey(d))
              .findFirst()
              .orElseThrow();
      SimulatorState.Group group =
          state.groups().stream()
              .filter(g -> g.source().equals("LOCAL") && !g.directoryId().equals(elsewhere))
              .findFirst()
              .orElseThrow();
      String groupElsewhere =
          "/v2/orgs/" + multi + "/directories/" + elsewhere + "/groups/" + group.id();

      assertThat(api.post(path(elsewhere, user.accountId()) + "/suspend", null).status())
          .isEqualTo(404);
      assertThat(api.post(path(elsewhere, user.accountId()) + "/restore", null).status())
          .isEqualTo(404);
      assertThat(api.delete(path(elsewhere, user.accountId())).status()).isEqualTo(404);
      ApiClient.Result add =
          api.post(
              groupElsewhere + "/memberships", "{\"accountId\": \"" + user.accountId() + "\"}");
      assertThat(add.status()).isEqualTo(404);
      assertThat(add.json().path("errors").get(0).path("code").asString())
          .isEqualTo("ADMIN-UAM-404-3");
      assertThat(api.delete(groupElsewhere + "/memberships/" + user.accountId()).status())
          .isEqualTo(404);
      assertThat(simulator.state(multi)).isEqualTo(state);
      assertThat(simulator.actions(multi))
          .hasSize(5)
          .allMatch(a -> a.outcome() == Outcome.NOT_FOUND && a.directoryId().equals(elsewhere));
    }

    @Test
    void shouldRemoveTheUserFromOneDirectoryAndItsGroupsOnly() {
      SimulatorState.Org before = simulator.state(multi);
      SimulatorState.User user =
          before.users().stream()
              .filter(
                  u ->
                      u.memberships().size() == 2
                          && !u.synced()
                          && u.groupIds().stream()
                                  .map(g -> before.group(g).orElseThrow().directoryId())
                                  .distinct()
                                  .count()
                              == 2)
              .findFirst()
              .orElseThrow();
      List<String> directories = List.copyOf(user.memberships().keySet());

      assertThat(api.delete(path(directories.get(0), user.accountId())).status()).isEqualTo(204);

      SimulatorState.User after = simulator.state(multi).user(user.accountId()).orElseThrow();
      assertThat(after.memberships()).containsOnlyKeys(directories.get(1));
      assertThat(after.groupIds())
          .isNotEmpty()
          .allMatch(g -> before.group(g).orElseThrow().directoryId().equals(directories.get(1)));
    }
  }
}

package app.reclaim.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Reads of an org on the original user-management experience (users in several directories), and
 * how products are identified: by ARI, whatever key spelling the org serves.
 */
class SimulatorDirectoryReadTests {

  static final String MULTI = "multi";
  static final String SPELLED = "spelled";
  static AdminApiSimulator simulator;
  static ApiClient multi;
  static ApiClient spelled;

  @BeforeAll
  static void start() {
    simulator = new AdminApiSimulator(SimulatorProperties.empty()).start();
    multi =
        new ApiClient(
            simulator.baseUrl(),
            simulator.addOrg(OrgSpec.of(MULTI, 8, 400, 24).withDirectories(3)));
    spelled =
        new ApiClient(
            simulator.baseUrl(),
            simulator.addOrg(OrgSpec.of(SPELLED, 8, 400, 24).withAlternateProductKeys(true)));
  }

  @AfterAll
  static void stop() {
    simulator.stop();
  }

  static List<String> directoriesOf(ApiClient api, String org, String accountId) {
    return api
        .get("/v2/orgs/" + org + "/directories?accountId=" + accountId)
        .json()
        .path("data")
        .values()
        .stream()
        .map(d -> d.path("directoryId").asString())
        .toList();
  }

  @Test
  void shouldListTheDirectoriesOfOneUserSuspendedMembershipsIncluded() {
    SimulatorState.Org state = simulator.state(MULTI);
    SimulatorState.User twice =
        state.users().stream()
            .filter(u -> u.memberships().size() == 2 && u.memberships().containsValue("suspended"))
            .findFirst()
            .orElseThrow();
    SimulatorState.User uninvited =
        state.users().stream().filter(u -> u.memberships().isEmpty()).findFirst().orElseThrow();

    assertThat(directoriesOf(multi, MULTI, twice.accountId()))
        .containsExactlyInAnyOrderElementsOf(twice.memberships().keySet());
    assertThat(directoriesOf(multi, MULTI, uninvited.accountId())).isEmpty();
    assertThat(directoriesOf(multi, MULTI, "nobody")).isEmpty();
    assertThat(multi.get("/v2/orgs/" + MULTI + "/directories").json().path("data").size())
        .isEqualTo(3);
    assertThat(multi.get("/v2/orgs/" + MULTI + "/directories?limit=2").json().path("data").size())
        .isEqualTo(2);
  }

  @Test
  void shouldRefuseTheV1LastActiveDatesToAnOrgOnTheOriginalExperience() {
    String someone = simulator.state(MULTI).users().get(0).accountId();

    var answer =
        multi.get("/v1/orgs/" + MULTI + "/directory/users/" + someone + "/last-active-dates");

    assertThat(answer.status()).isEqualTo(403);
    assertThat(answer.json().path("errors").get(0).path("code").asString())
        .isEqualTo("ADMIN-UAM-403-1");
  }

  @Test
  void shouldShowEachDirectorysMembershipAndTheCompositeThroughDash() {
    SimulatorState.Org state = simulator.state(MULTI);
    Map<String, JsonNode> viaDash = byId(multi.searchAll(users(MULTI, "-"), 100, null));

    for (SimulatorState.Directory directory : state.directories()) {
      for (JsonNode user : multi.searchAll(users(MULTI, directory.directoryId()), 100, null)) {
        SimulatorState.User expected = state.user(user.path("accountId").asString()).orElseThrow();
        assertThat(user.path("membershipStatus").asString())
            .isEqualTo(expected.memberships().get(directory.directoryId()));
      }
    }
    assertThat(state.users())
        .allSatisfy(
            u -> {
              JsonNode listed = viaDash.get(u.accountId());
              assertThat(listed.path("membershipStatus").asString())
                  .isEqualTo(
                      u.memberships().isEmpty()
                          ? "no_membership"
                          : u.memberships().containsValue("active") ? "active" : "suspended");
              assertThat(listed.path("status").asString()).isEqualTo(u.status());
            });
    assertThat(viaDash.values())
        .anyMatch(u -> u.path("status").asString().equals("not_invited"))
        .anyMatch(u -> u.path("status").asString().equals("suspended"));
  }

  @Test
  void shouldIdentifyProductsByTheSameAriInUsersGroupsAndWorkspaces() {
    SimulatorState.Org state = simulator.state(MULTI);
    Set<String> workspaceIds =
        multi.post("/v2/orgs/" + MULTI + "/workspaces", "{}").json().path("data").values().stream()
            .map(w -> w.path("id").asString())
            .collect(Collectors.toSet());
    Set<String> granted =
        state.groups().stream()
            .flatMap(g -> g.roleAssignments().stream())
            .map(SimulatorState.RoleAssignment::resourceId)
            .collect(Collectors.toSet());
    Set<String> accessIds =
        multi.searchAll(users(MULTI, "-"), 100, "\"productAccess\"").stream()
            .flatMap(u -> u.path("productAccess").values().stream())
            .map(p -> p.path("id").asString())
            .collect(Collectors.toSet());

    assertThat(workspaceIds).hasSize(4).containsAll(granted).containsAll(accessIds);
    assertThat(accessIds).isEqualTo(granted);
  }

  @Test
  void shouldServeTheAlternateKeySpellingsOnlyInProductAccessWhenAsked() {
    SimulatorState.Org state = simulator.state(SPELLED);
    Map<String, String> keyById =
        spelled.searchAll(users(SPELLED, "-"), 100, "\"productAccess\"").stream()
            .flatMap(u -> u.path("productAccess").values().stream())
            .collect(
                Collectors.toMap(
                    p -> p.path("id").asString(), p -> p.path("key").asString(), (a, b) -> a));
    Map<String, String> typeKeyById =
        state.workspaces().stream()
            .collect(
                Collectors.toMap(SimulatorState.Workspace::id, SimulatorState.Workspace::typeKey));
    SimulatorState.User active =
        state.users().stream()
            .filter(u -> u.lastActive().containsKey("jira-software"))
            .findFirst()
            .orElseThrow();
    JsonNode lastActive =
        spelled
            .get(
                "/v1/orgs/"
                    + SPELLED
                    + "/directory/users/"
                    + active.accountId()
                    + "/last-active-dates")
            .json();

    assertThat(keyById.values()).contains("jira", "jira-service-desk", "confluence", "bitbucket");
    assertThat(keyById)
        .allSatisfy(
            (id, key) ->
                assertThat(key)
                    .isEqualTo(
                        SimulatedOrg.ALTERNATE_KEYS.getOrDefault(
                            typeKeyById.get(id), typeKeyById.get(id))));
    assertThat(
            spelled
                .post("/v2/orgs/" + SPELLED + "/workspaces", "{}")
                .json()
                .path("data")
                .get(0)
                .path("attributes")
                .path("typeKey")
                .asString())
        .isEqualTo("jira-software");
    assertThat(lastActive.path("data").path("product_access").values())
        .anyMatch(
            p ->
                p.path("key").asString().equals("jira")
                    && p.path("id").asString().startsWith("ari:cloud:jira-software::site/"));
    assertThat(
            multi.searchAll(users(MULTI, "-"), 100, "\"productAccess\"").stream()
                .flatMap(u -> u.path("productAccess").values().stream())
                .map(p -> p.path("key").asString())
                .collect(Collectors.toSet()))
        .containsExactlyInAnyOrderElementsOf(SimulatedOrg.PRODUCTS);
  }

  static String users(String org, String directory) {
    return "/v2/orgs/" + org + "/directories/" + directory + "/users/search";
  }

  static Map<String, JsonNode> byId(List<JsonNode> users) {
    return users.stream().collect(Collectors.toMap(u -> u.path("accountId").asString(), u -> u));
  }
}

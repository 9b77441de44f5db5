package app.reclaim.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * Reads over real HTTP, as the admin-API client makes them: paths, paging, JSON field names,
 * errors.
 */
class SimulatorReadTests {

  static final String ORG = "acme";
  static final String MULTI = "multi";
  static AdminApiSimulator simulator;
  static ApiClient api;
  static ApiClient multi;

  @BeforeAll
  static void start() {
    simulator = new AdminApiSimulator(SimulatorProperties.empty()).start();
    api = new ApiClient(simulator.baseUrl(), simulator.addOrg(ORG, 7, 537, 30));
    multi =
        new ApiClient(
            simulator.baseUrl(),
            simulator.addOrg(OrgSpec.of(MULTI, 8, 120, 12).withDirectories(3)));
  }

  @AfterAll
  static void stop() {
    simulator.stop();
  }

  static String users(String org, String directory) {
    return "/v2/orgs/" + org + "/directories/" + directory + "/users";
  }

  @Nested
  class Paging {

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 50, 100})
    void shouldWalkEveryUserExactlyOnceForEveryPageSize(int limit) {
      List<String> ids =
          api.searchAll(users(ORG, "-") + "/search", limit, null).stream()
              .map(u -> u.path("accountId").asString())
              .toList();

      assertThat(ids)
          .doesNotHaveDuplicates()
          .containsExactlyElementsOf(
              simulator.state(ORG).users().stream().map(SimulatorState.User::accountId).toList());
    }

    @Test
    void shouldPageTheGetListingWithQueryParameters() {
      List<String> ids = new ArrayList<>();
      String cursor = null;
      do {
        JsonNode page =
            api.get(
                    users(ORG, "-")
                        + "?limit=100&expand=productAccess"
                        + (cursor == null ? "" : "&cursor=" + cursor))
                .json();
        page.path("data").values().forEach(u -> ids.add(u.path("accountId").asString()));
        cursor =
            page.path("links").path("next").isNull()
                ? null
                : page.path("links").path("next").asString();
      } while (cursor != null);

      assertThat(ids).hasSize(537).doesNotHaveDuplicates();
    }

    @Test
    void shouldStopWithANullNextOnTheLastPage() {
      JsonNode page = api.post(users(ORG, "-") + "/search", "{\"limit\": 100}").json();
      JsonNode last =
          api.post(
                  users(ORG, "-") + "/search",
                  "{\"limit\": 100, \"cursor\": \""
                      + page.path("links").path("next").asString()
                      + "\"}")
              .json();

      assertThat(page.path("data").size()).isEqualTo(100);
      assertThat(page.path("links").path("next").isString()).isTrue();
      assertThat(last.path("data").size()).isEqualTo(100);
      assertThat(api.searchAll(users(ORG, "-") + "/search", 100, null)).hasSize(537);
      assertThat(
              api.post(
                      users(ORG, "-") + "/search",
                      "{\"limit\": 100, \"cursor\": \""
                          + AdminApiRoutes.encode("users", "~")
                          + "\"}")
                  .json()
                  .path("links")
                  .path("next")
                  .isNull())
          .isTrue();
    }

    @Test
    void shouldListOnlyTheDirectorysUsersAndGroups() {
      SimulatorState.Org state = simulator.state(MULTI);
      String directory = state.directories().get(1).directoryId();

      List<JsonNode> inDirectory = multi.searchAll(users(MULTI, directory) + "/search", 10, null);
      List<JsonNode> groups =
          multi.searchAll(
              "/v2/orgs/" + MULTI + "/directories/" + directory + "/groups/search", 3, null);

      assertThat(inDirectory)
          .extracting(u -> u.path("accountId").asString())
          .containsExactlyElementsOf(
              state.users().stream()
                  .filter(u -> u.memberships().containsKey(directory))
                  .map(SimulatorState.User::accountId)
                  .toList());
      assertThat(groups)
          .hasSize(4)
          .allMatch(g -> g.path("directoryId").asString().equals(directory));
      assertThat(multi.searchAll(users(MULTI, "-") + "/search", 100, null))
          .hasSize(state.users().size());
      assertThat(multi.get("/v2/orgs/" + MULTI + "/directories").json().path("data").size())
          .isEqualTo(3);
    }

    @Test
    void shouldPageGroupsRoleAssignmentsAndWorkspaces() {
      List<JsonNode> groups =
          api.searchAll("/v2/orgs/" + ORG + "/directories/-/groups/search", 7, null);
      JsonNode viaGet = api.get("/v2/orgs/" + ORG + "/directories/-/groups?limit=100").json();
      JsonNode workspaces = api.post("/v2/orgs/" + ORG + "/workspaces", "{\"limit\": 3}").json();

      assertThat(groups)
          .hasSize(30)
          .extracting(g -> g.path("id").asString())
          .doesNotHaveDuplicates();
      assertThat(viaGet.path("data").size()).isEqualTo(30);
      assertThat(workspaces.path("data").size()).isEqualTo(3);
      assertThat(
              api.post(
                      "/v2/orgs/" + ORG + "/workspaces",
                      "{\"limit\": 3, \"cursor\": \""
                          + workspaces.path("links").path("next").asString()
                          + "\"}")
                  .json()
                  .path("data")
                  .size())
          .isEqualTo(1);
    }

    @Test
    void shouldPageV1DomainsWithNextUrls() {
      List<String> names = new ArrayList<>();
      JsonNode page = api.get("/v1/orgs/" + ORG + "/domains").json();
      names.addAll(
          page.path("data").values().stream()
              .map(d -> d.path("attributes").path("name").asString())
              .toList());
      while (!page.path("links").path("next").isNull()) {
        assertThat(page.path("links").path("next").asString())
            .startsWith(simulator.baseUrl() + "/v1/orgs/acme/domains?cursor=");
        page = api.get(page.path("links").path("next").asString()).json();
        page.path("data")
            .values()
            .forEach(d -> names.add(d.path("attributes").path("name").asString()));
      }

      assertThat(names)
          .containsExactly(
              "acme.example", "acme-labs.example", "acme-eu.example", "acme-legacy.example");
    }
  }

  @Nested
  class Shapes {

    @Test
    void shouldExpandProductAccessAndGroupsOnlyWhenAsked() {
      JsonNode plain =
          api.post(users(ORG, "-") + "/search", "{\"limit\": 100}").json().path("data");
      JsonNode expanded =
          api.post(
                  users(ORG, "-") + "/search",
                  "{\"limit\": 100, \"expand\": [\"productAccess\", \"groups\"]}")
              .json()
              .path("data");
      JsonNode onlyGroups =
          api.get(users(ORG, "-") + "?limit=100&expand=groups").json().path("data");

      assertThat(plain.values())
          .noneMatch(
              u ->
                  u.has("productAccess")
                      || u.has("groups")
                      || u.has("platformRoles")
                      || u.has("counts"));
      assertThat(expanded.values()).allMatch(u -> u.has("productAccess") && u.has("groups"));
      assertThat(onlyGroups.values()).allMatch(u -> u.has("groups") && !u.has("productAccess"));
    }

    @Test
    void shouldServeUsersWithTheApiFieldNames() {
      List<JsonNode> all =
          api.searchAll(
              users(ORG, "-") + "/search", 100, "\"platformRoles\",\"productAccess\",\"groups\"");
      JsonNode user =
          all.stream()
              .filter(
                  u ->
                      u.has("addedToOrg")
                          && u.has("managementSource")
                          && u.path("productAccess").values().stream()
                              .anyMatch(p -> p.has("lastActiveTimestamp")))
              .findFirst()
              .orElseThrow();

      assertThat(ApiClient.fieldNames(user))
          .containsExactly(
              "accountId",
              "accountType",
              "status",
              "accountStatus",
              "membershipStatus",
              "addedToOrg",
              "name",
              "nickname",
              "email",
              "emailVerified",
              "claimStatus",
              "platformRoles",
              "managementSource",
              "productAccess",
              "groups",
              "links");
      assertThat(user.path("productAccess").values()).allMatch(p -> p.has("key") && p.has("id"));
      assertThat(ApiClient.fieldNames(user.path("groups").get(0)))
          .containsExactly("id", "name", "description");
      assertThat(ApiClient.fieldNames(user.path("links"))).containsExactly("self");
      assertThat(all)
          .anyMatch(u -> !u.has("addedToOrg"))
          .anyMatch(
              u ->
                  u.path("platformRoles").values().stream()
                      .anyMatch(r -> r.asString().equals("atlassian/org-admin")));
    }

    @Test
    void shouldServeUsersExactlyAsTheStateHoldsThem() {
      Map<String, SimulatorState.User> state =
          simulator.state(ORG).users().stream()
              .collect(Collectors.toMap(SimulatorState.User::accountId, Function.identity()));

      for (JsonNode user :
          api.searchAll(users(ORG, "-") + "/search", 100, "\"productAccess\",\"groups\"")) {
        SimulatorState.User expected = state.get(user.path("accountId").asString());
        assertThat(user.path("status").asString()).isEqualTo(expected.status());
        assertThat(user.path("accountType").asString()).isEqualTo(expected.accountType());
        assertThat(user.path("claimStatus").asString()).isEqualTo(expected.claimStatus());
        assertThat(user.path("email").asString(null)).isEqualTo(expected.email());
        assertThat(
                user.has("addedToOrg") ? Instant.parse(user.path("addedToOrg").asString()) : null)
            .isEqualTo(expected.addedToOrgListed() ? expected.addedToOrg() : null);
        assertThat(user.path("groups").values().stream().map(g -> g.path("id").asString()).toList())
            .isEqualTo(expected.groupIds());
        assertThat(
                user.path("productAccess").values().stream()
                    .map(
                        p ->
                            new SimulatorState.ProductAccess(
                                p.path("key").asString(),
                                p.path("id").asString(),
                                p.has("lastActiveTimestamp")
                                    ? Instant.parse(p.path("lastActiveTimestamp").asString())
                                    : null))
                    .toList())
            .isEqualTo(expected.productAccess());
      }
    }

    @Test
    void shouldServeGroupsAndRoleAssignmentsWithTheApiFieldNames() {
      SimulatorState.Group expected =
          simulator.state(ORG).groups().stream()
              .filter(g -> g.name().equals("confluence-users"))
              .findFirst()
              .orElseThrow();
      JsonNode group =
          api.get("/v2/orgs/" + ORG + "/directories/-/groups/" + expected.id()).json().path("data");
      JsonNode roles =
          api.get(
                  "/v2/orgs/"
                      + ORG
                      + "/directories/-/groups/"
                      + expected.id()
                      + "/role-assignments")
              .json();

      JsonNode counted =
          api
              .searchAll(
                  "/v2/orgs/" + ORG + "/directories/-/groups/search",
                  100,
                  "\"counts.users\",\"counts.resources\"")
              .stream()
              .filter(g -> g.path("id").asString().equals(expected.id()))
              .findFirst()
              .orElseThrow();
      JsonNode onlyUsers =
          api.post(
                  "/v2/orgs/" + ORG + "/directories/-/groups/search",
                  "{\"limit\": 1, \"expand\": [\"counts.users\"]}")
              .json()
              .path("data")
              .get(0);

      assertThat(ApiClient.fieldNames(group))
          .containsExactly(
              "id",
              "name",
              "description",
              "directoryId",
              "managementAccess",
              "externalSynced",
              "managedBy",
              "links");
      assertThat(ApiClient.fieldNames(counted.path("counts")))
          .containsExactly("users", "resources");
      assertThat(counted.path("counts").path("users").asInt())
          .isEqualTo(expected.memberIds().size());
      assertThat(ApiClient.fieldNames(onlyUsers.path("counts"))).containsExactly("users");
      assertThat(ApiClient.fieldNames(roles)).containsExactly("data", "links");
      assertThat(ApiClient.fieldNames(roles.path("data").get(0)))
          .containsExactly("resourceId", "resourceOwner", "defaultRole", "roles");
      assertThat(roles.path("data").get(0).path("resourceId").asString())
          .startsWith("ari:cloud:confluence::site/");
      assertThat(roles.path("data").get(0).path("roles").get(0).asString())
          .isEqualTo("atlassian/user");
      assertThat(roles.path("data").get(0).path("defaultRole").asString())
          .isEqualTo("atlassian/user");
      String admins =
          simulator.state(ORG).groups().stream()
              .filter(g -> g.name().equals("confluence-admins"))
              .findFirst()
              .orElseThrow()
              .id();
      JsonNode adminRole =
          api.get("/v2/orgs/" + ORG + "/directories/-/groups/" + admins + "/role-assignments")
              .json()
              .path("data")
              .get(0);
      assertThat(adminRole.path("roles").get(0).asString()).isEqualTo("atlassian/admin");
      assertThat(adminRole.has("defaultRole") && adminRole.path("defaultRole").isNull()).isTrue();
      assertThat(api.searchAll("/v2/orgs/" + ORG + "/directories/-/groups/search", 50, null))
          .anyMatch(
              g ->
                  g.path("externalSynced").asBoolean()
                      && g.path("managedBy").asString().equals("external"));
    }

    @Test
    void shouldServeTheOrgDomainsWorkspacesAndDirectoriesWithTheApiFieldNames() {
      JsonNode org = api.get("/v1/orgs/" + ORG).json();
      JsonNode domain = api.get("/v1/orgs/" + ORG + "/domains").json().path("data").get(0);
      JsonNode workspace = api.post("/v2/orgs/" + ORG + "/workspaces", "{}").json();
      JsonNode directories = api.get("/v2/orgs/" + ORG + "/directories").json();

      assertThat(org.path("data").path("id").asString()).isEqualTo(ORG);
      assertThat(org.path("data").path("type").asString()).isEqualTo("orgs");
      assertThat(org.path("data").path("attributes").path("name").asString())
          .isEqualTo("Simulated org acme");
      assertThat(ApiClient.fieldNames(domain)).containsExactly("id", "type", "attributes", "links");
      assertThat(domain.path("type").asString()).isEqualTo("domains");
      assertThat(ApiClient.fieldNames(domain.path("attributes").path("claim")))
          .containsExactly("type", "status");
      assertThat(ApiClient.fieldNames(workspace)).containsExactly("data", "links", "meta");
      JsonNode attributes = workspace.path("data").get(0).path("attributes");
      assertThat(ApiClient.fieldNames(attributes))
          .contains(
              "name",
              "typeKey",
              "type",
              "owner",
              "status",
              "capacity",
              "hostUrl",
              "realm",
              "regions");
      assertThat(attributes.path("typeKey").asString()).isEqualTo("jira-software");
      assertThat(attributes.path("capacity").asInt()).isPositive();
      assertThat(attributes.path("realm").asString()).isEqualTo("eu");
      assertThat(ApiClient.fieldNames(directories.path("data").get(0)))
          .containsExactly("directoryId", "name");
    }

    @Test
    void shouldServeLastActiveDatesWithAddedToOrgForUsersTheListingLacks() {
      SimulatorState.User user =
          simulator.state(ORG).users().stream()
              .filter(u -> !u.addedToOrgListed() && !u.lastActive().isEmpty())
              .findFirst()
              .orElseThrow();

      JsonNode body =
          api.get("/v1/orgs/" + ORG + "/directory/users/" + user.accountId() + "/last-active-dates")
              .json();

      assertThat(ApiClient.fieldNames(body)).containsExactly("data", "links");
      assertThat(body.path("links").path("next").isNull()).isTrue();
      assertThat(body.path("data").path("added_to_org").asString())
          .isEqualTo(user.addedToOrg().toString().substring(0, 10));
      assertThat(Instant.parse(body.path("data").path("added_to_org_timestamp").asString()))
          .isEqualTo(user.addedToOrg());
      JsonNode first = body.path("data").path("product_access").get(0);
      assertThat(ApiClient.fieldNames(first))
          .containsExactly("id", "key", "last_active", "last_active_timestamp");
      assertThat(body.path("data").path("product_access").size())
          .isEqualTo(user.lastActive().size());
      assertThat(Instant.parse(first.path("last_active_timestamp").asString()))
          .isEqualTo(user.lastActive().get(first.path("key").asString()));
    }
  }

  @Nested
  class Errors {

    @Test
    void shouldRefuseAMissingOrWrongKeyWith401() {
      ApiClient.Result none = api.withKey(null).get("/v1/orgs/" + ORG);
      ApiClient.Result wrong = api.withKey("not-the-key").post(users(ORG, "-") + "/search", "{}");
      ApiClient.Result otherOrgsKey = multi.get("/v1/orgs/" + ORG);

      for (ApiClient.Result result : List.of(none, wrong, otherOrgsKey)) {
        assertThat(result.status()).isEqualTo(401);
        assertThat(result.json().path("code").asInt()).isEqualTo(401);
        assertThat(result.json().path("message").asString()).isEqualTo("Unauthorized");
      }
    }

    @Test
    void shouldAnswerUnknownOrgsDirectoriesUsersAndPathsWith404() {
      assertThat(api.get("/v1/orgs/nobody").status()).isEqualTo(404);
      assertThat(api.get("/v1/orgs/nobody").json().path("message").asString())
          .isEqualTo("Organization not found");
      assertThat(api.get("/v2/orgs/" + ORG + "/directories/no-such-directory/users").status())
          .isEqualTo(404);
      assertThat(api.get("/v1/orgs/" + ORG + "/directory/users/nobody/last-active-dates").status())
          .isEqualTo(404);
      assertThat(
              api.get("/v2/orgs/" + ORG + "/directories/-/groups/nothing/role-assignments")
                  .json()
                  .path("errors")
                  .get(0)
                  .path("code")
                  .asString())
          .isEqualTo("ADMIN-UAM-404-3");
      assertThat(api.get("/v2/orgs/" + ORG + "/nothing").status()).isEqualTo(404);
      assertThat(api.get("/other").status()).isEqualTo(404);
    }

    @Test
    void shouldRefuseBadLimitsCursorsBodiesAndMethodsWith4xx() {
      assertThat(api.post(users(ORG, "-") + "/search", "{\"limit\": 101}").status()).isEqualTo(400);
      assertThat(api.get(users(ORG, "-") + "?limit=0").status()).isEqualTo(400);
      assertThat(api.post(users(ORG, "-") + "/search", "{\"cursor\": \"garbage\"}").status())
          .isEqualTo(400);
      assertThat(
              api.post(
                      users(ORG, "-") + "/search",
                      "{\"cursor\": \"" + AdminApiRoutes.encode("groups", "x") + "\"}")
                  .json()
                  .path("message")
                  .asString())
          .isEqualTo("Invalid cursor");
      assertThat(api.post(users(ORG, "-") + "/search", "[1, 2]").status()).isEqualTo(400);
      assertThat(api.delete("/v2/orgs/" + ORG + "/directories").status()).isEqualTo(405);
    }

    @Test
    void shouldListTheOrgsAKeyAdministers() {
      JsonNode orgs = api.get("/v1/orgs").json();

      assertThat(orgs.path("data").size()).isEqualTo(1);
      assertThat(orgs.path("data").get(0).path("id").asString()).isEqualTo(ORG);
      assertThat(api.withKey("nope").get("/v1/orgs").status()).isEqualTo(401);
    }
  }
}

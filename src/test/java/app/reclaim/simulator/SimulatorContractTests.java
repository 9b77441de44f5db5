package app.reclaim.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * The simulator against the contract files (src/main/resources/admin-api-contract): every
 * documented example's request, sent over real HTTP, is answered in the example's shape (same field
 * names and JSON types wherever the example has them, no field the example lacks); requests
 * breaking the contract are refused.
 */
class SimulatorContractTests {

  static final String ORG = "contract";

  /** The v1 last-active dates serve the centralized experience only: an org of one directory. */
  static final String CENTRALIZED = "contract-centralized";

  static AdminApiSimulator simulator;
  static ApiClient api;
  static ApiClient centralized;
  static SimulatorState.Org state;

  @BeforeAll
  static void start() {
    simulator = new AdminApiSimulator(SimulatorProperties.empty()).start();
    api =
        new ApiClient(
            simulator.baseUrl(), simulator.addOrg(OrgSpec.of(ORG, 21, 400, 30).withDirectories(2)));
    state = simulator.state(ORG);
    centralized =
        new ApiClient(simulator.baseUrl(), simulator.addOrg(OrgSpec.of(CENTRALIZED, 21, 50, 6)));
  }

  @AfterAll
  static void stop() {
    simulator.stop();
  }

  static Stream<Arguments> examples() {
    return Contract.ENDPOINTS.stream()
        .flatMap(e -> Contract.examples(e).stream())
        .map(e -> Arguments.of(e.endpoint(), e.name()));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("examples")
  void shouldAnswerEachDocumentedExampleInItsShape(String endpoint, String name) {
    Contract.Example example = Contract.example(endpoint, name);
    SimulatedOrg org = simulator.org(ORG);
    int before = org.actions().size();

    ApiClient.Result answer = send(example);

    assertThat(answer.status()).as(answer.json().toString()).isEqualTo(example.status());
    if (example.response().isMissingNode()) {
      assertThat(answer.json().isMissingNode()).isTrue();
      assertThat(org.actions()).hasSizeGreaterThan(before);
      assertThat(org.actions().get(org.actions().size() - 1).status()).isEqualTo(example.status());
    } else {
      assertThat(mismatches(example, "", example.response(), answer.json()))
          .as("%s %s answered %s", endpoint, name, answer.json())
          .isEmpty();
    }
  }

  @Test
  void shouldCatchAnAnswerOfTheWrongShape() {
    Contract.Example users = Contract.example("users-search", "plain");
    JsonNode extra =
        ApiClient.JSON.readTree(
            "{\"data\": [{\"accountId\": 1, \"platformRoles\": []}], \"links\": {}, \"meta\": {}}");

    assertThat(mismatches(users, "", users.response(), extra))
        .contains(
            "data[].accountId: number, documented string",
            "data[].platformRoles: not in the example",
            "meta: not in the example",
            "data[].name: missing");
  }

  @Test
  void shouldExposeTheExamplesByEndpointNameForOtherTests() {
    assertThat(Contract.ENDPOINTS)
        .allSatisfy(e -> assertThat(Contract.examples(e)).isNotEmpty())
        .allSatisfy(
            e ->
                assertThat(Contract.file(e).path("sources").values())
                    .isNotEmpty()
                    .allMatch(s -> s.path("url").asString().startsWith("https://"))
                    .allMatch(s -> !s.path("says").asString().isBlank()))
        .allSatisfy(
            e ->
                assertThat(Contract.file(e).path("refusals").values())
                    .isNotEmpty()
                    .allMatch(r -> !r.path("reason").asString().isBlank()));
    assertThat(
            ApiClient.JSON
                .readTree(Contract.example("users-search", "expanded").responseJson())
                .path("data")
                .get(0)
                .path("productAccess")
                .get(0)
                .path("id")
                .asString())
        .startsWith("ari:cloud:jira-software::site/");
    assertThat(Contract.example("add-member", "added").requestBodyJson()).contains("accountId");
    assertThatThrownBy(() -> Contract.examples("nothing"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldTakePageSizesFromTheContract() {
    int usersDefault =
        Contract.file("users-search").path("request").path("limit").path("default").asInt();
    int usersMax =
        Contract.file("users-search").path("request").path("limit").path("maximum").asInt();

    assertThat(usersDefault).isEqualTo(50);
    assertThat(usersMax).isEqualTo(100);
    assertThat(api.post(users("-") + "/search", "{}").json().path("data").size())
        .isEqualTo(usersDefault);
    assertThat(api.post(users("-") + "/search", "{\"limit\": " + usersMax + "}").status())
        .isEqualTo(200);
    assertThat(api.post(users("-") + "/search", "{\"limit\": " + (usersMax + 1) + "}").status())
        .isEqualTo(400);
  }

  @Nested
  class Refusals {

    static Stream<Arguments> refused() {
      String users = users("-");
      String groups = "/v2/orgs/" + ORG + "/directories/-/groups";
      return Stream.of(
          Arguments.of("POST", users + "/search", "{\"pageSize\": 10}", "unknown body field"),
          Arguments.of("POST", users + "/search", "{\"limit\": \"10\"}", "must be of type"),
          Arguments.of("POST", users + "/search", "{\"limit\": 0}", "between 1 and 100"),
          Arguments.of("POST", users + "/search", "{\"limit\": 101}", "between 1 and 100"),
          Arguments.of("POST", users + "/search", "{\"limit\": 2.5}", "must be of type"),
          Arguments.of("POST", users + "/search", "{\"expand\": \"groups\"}", "must be of type"),
          Arguments.of("POST", users + "/search", "{\"expand\": [\"roles\"]}", "unknown value"),
          Arguments.of("POST", users + "/search", "{\"expand\": [\"counts.users\"]}", "unknown"),
          Arguments.of(
              "POST", users + "/search", "{\"emailDomains\": [\"a.example\"]}", "emailDomains"),
          Arguments.of("POST", users + "/search", "{\"mfaEnabled\": true}", "mfaEnabled"),
          Arguments.of("POST", users + "/search", "{\"mfaEnabled\": \"yes\"}", "must be of type"),
          Arguments.of("POST", users + "/search", "{\"accountIds\": [1]}", "must be of type"),
          Arguments.of(
              "POST",
              users + "/search",
              "{\"accountIds\": [\"1\",\"2\",\"3\",\"4\",\"5\",\"6\",\"7\",\"8\",\"9\",\"10\",\"11\"]}",
              "at most 10"),
          Arguments.of("POST", users + "/search?limit=5", "{}", "unknown query parameter"),
          Arguments.of("GET", users + "?expand=productAccess,groups", null, "unknown value"),
          Arguments.of("GET", users + "?expand=roles", null, "unknown value"),
          Arguments.of("GET", users + "?page=2", null, "unknown query parameter"),
          Arguments.of("GET", users + "?claimStatus=managed", null, "claimStatus"),
          Arguments.of("GET", users + "?limit=ten", null, "must be of type"),
          Arguments.of("POST", groups + "/search", "{\"expand\": [\"groups\"]}", "unknown value"),
          Arguments.of("POST", groups + "/search", "{\"groupNames\": [\"x\"]}", "groupNames"),
          Arguments.of("POST", groups + "/search", "{\"name\": \"x\"}", "unknown body field"),
          Arguments.of("POST", groups + "/search", "{\"limit\": 101}", "between 1 and 100"),
          Arguments.of("GET", groups + "?counts=true", null, "counts"),
          Arguments.of("POST", "/v2/orgs/" + ORG + "/workspaces", "{\"size\": 1}", "unknown"),
          Arguments.of("POST", "/v2/orgs/" + ORG + "/workspaces", "{\"query\": {}}", "query"),
          Arguments.of("POST", "/v2/orgs/" + ORG + "/workspaces", "{\"limit\": 500}", "between"),
          Arguments.of("GET", "/v2/orgs/" + ORG + "/directories?name=x", null, "unknown"),
          Arguments.of("GET", "/v2/orgs/" + ORG + "/directories?searchTerm=x", null, "searchTerm"),
          Arguments.of("GET", "/v1/orgs/" + ORG + "/domains?limit=10", null, "unknown"),
          Arguments.of("GET", "/v1/orgs/" + ORG + "?expand=x", null, "unknown"));
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("refused")
    void shouldRefuseRequestsBreakingTheContractWith400(
        String method, String path, String body, String because) {
      ApiClient.Result answer = api.send(method, path, body);

      assertThat(answer.status()).isEqualTo(400);
      assertThat(answer.json().path("errors").get(0).path("detail").asString()).contains(because);
      assertThat(answer.json().path("errors").get(0).path("code").asString())
          .isEqualTo("ADMIN-UAM-400-1");
    }

    @Test
    void shouldNameTheFieldsTheSimulatorDoesNotImplement() {
      for (String field : List.of("directoryIds", "resourceIds", "groupIds", "roleIds")) {
        ApiClient.Result answer = api.post(users("-") + "/search", "{\"" + field + "\": [\"x\"]}");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().path("message").asString())
            .isEqualTo(field + " is not supported by the simulator");
      }
    }

    @Test
    void shouldFilterByAccountIds() {
      List<String> ids =
          state.users().stream().limit(3).map(SimulatorState.User::accountId).toList();

      JsonNode page =
          api.post(
                  users("-") + "/search",
                  "{\"accountIds\": [\"" + String.join("\", \"", ids) + "\"]}")
              .json();

      assertThat(page.path("data").values())
          .extracting(u -> u.path("accountId").asString())
          .containsExactlyElementsOf(ids);
    }
  }

  static String users(String directory) {
    return "/v2/orgs/" + ORG + "/directories/" + directory + "/users";
  }

  /** Sends the example's request with this org's real ids in place of the example's. */
  static ApiClient.Result send(Contract.Example example) {
    JsonNode request = example.request();
    String body = example.requestBodyJson();
    String query = request.path("query").asString("");
    SimulatorState.User active = activeUser();
    String directory = active.directoryId();
    SimulatorState.Group local = localGroupWithout(active);
    String groupPath = "/v2/orgs/" + ORG + "/directories/" + local.directoryId() + "/groups/";
    return switch (example.endpoint()) {
      case "users-search" -> api.post(users("-") + "/search", body);
      case "users-list" -> api.get(users("-") + query);
      case "groups-search" -> api.post("/v2/orgs/" + ORG + "/directories/-/groups/search", body);
      case "group-role-assignments" ->
          api.get(
              "/v2/orgs/"
                  + ORG
                  + "/directories/-/groups/"
                  + state.groups().stream()
                      .filter(g -> !g.roleAssignments().isEmpty())
                      .findFirst()
                      .orElseThrow()
                      .id()
                  + "/role-assignments");
      case "directories-list" ->
          api.get("/v2/orgs/" + ORG + "/directories?accountId=" + twoDirectoryUser().accountId());
      case "domains" -> api.get("/v1/orgs/" + ORG + "/domains" + query);
      case "workspaces" -> api.post("/v2/orgs/" + ORG + "/workspaces", body);
      case "last-active-dates" ->
          centralized.get(
              "/v1/orgs/"
                  + CENTRALIZED
                  + "/directory/users/"
                  + simulator.state(CENTRALIZED).users().stream()
                      .filter(u -> u.lastActive().size() > 1)
                      .findFirst()
                      .orElseThrow()
                      .accountId()
                  + "/last-active-dates");
      case "org" -> api.get("/v1/orgs/" + ORG);
      case "suspend", "restore" -> {
        String path = users(directory) + "/" + active.accountId();
        if (example.endpoint().equals("restore")) {
          api.post(path + "/suspend", null);
        }
        yield api.post(path + "/" + example.endpoint(), null);
      }
      case "remove-from-directory" -> {
        SimulatorState.User leaver =
            state.users().stream()
                .filter(
                    u ->
                        !u.synced()
                            && u.accountType().equals("atlassian")
                            && u.directoryId() != null)
                .reduce((a, b) -> b)
                .orElseThrow();
        yield api.delete(users(leaver.directoryId()) + "/" + leaver.accountId());
      }
      case "add-member" ->
          api.post(
              groupPath + local.id() + "/memberships",
              body.replace(
                  ApiClient.JSON.readTree(body).path("accountId").asString(), active.accountId()));
      case "remove-member" ->
          api.delete(groupPath + local.id() + "/memberships/" + local.memberIds().get(0));
      case "error" ->
          example.status() == 401
              ? api.withKey(null).get("/v1/orgs/" + ORG)
              : api.post(users("-") + "/" + active.accountId() + "/suspend", null);
      default -> throw new IllegalArgumentException(example.endpoint());
    };
  }

  static SimulatorState.User activeUser() {
    return state.users().stream()
        .filter(
            u ->
                u.status().equals("active")
                    && u.accountType().equals("atlassian")
                    && u.memberships().size() == 1)
        .findFirst()
        .orElseThrow();
  }

  static SimulatorState.User twoDirectoryUser() {
    return state.users().stream()
        .filter(u -> u.memberships().size() == 2)
        .findFirst()
        .orElseThrow();
  }

  static SimulatorState.Group localGroupWithout(SimulatorState.User user) {
    return state.groups().stream()
        .filter(
            g ->
                g.source().equals("LOCAL")
                    && g.roleAssignments().isEmpty()
                    && g.directoryId().equals(user.directoryId())
                    && !g.memberIds().isEmpty()
                    && !g.memberIds().contains(user.accountId()))
        .findFirst()
        .orElseThrow();
  }

  /**
   * Where {@code actual} differs from {@code documented} in shape: a field the example lacks, a
   * field of another JSON type, or a field missing that the example does not mark optional. Arrays
   * are compared item by item with the example's first item.
   */
  static List<String> mismatches(
      Contract.Example example, String path, JsonNode documented, JsonNode actual) {
    List<String> found = new ArrayList<>();
    boolean nullable = example.nullable().contains(path);
    if (actual.isNull() || documented.isNull()) {
      if (!nullable && actual.getNodeType() != documented.getNodeType()) {
        found.add(path + ": " + type(actual) + ", documented " + type(documented));
      }
      return found;
    }
    if (!type(actual).equals(type(documented))) {
      found.add(path + ": " + type(actual) + ", documented " + type(documented));
      return found;
    }
    if (documented.isObject()) {
      for (Map.Entry<String, JsonNode> field : actual.properties()) {
        String child = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
        if (!documented.has(field.getKey())) {
          found.add(child + ": not in the example");
        } else {
          found.addAll(
              mismatches(example, child, documented.get(field.getKey()), field.getValue()));
        }
      }
      for (Map.Entry<String, JsonNode> field : documented.properties()) {
        String child = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
        if (!actual.has(field.getKey()) && !example.optional().contains(child)) {
          found.add(child + ": missing");
        }
      }
    } else if (documented.isArray() && !documented.isEmpty()) {
      for (JsonNode item : actual.values()) {
        found.addAll(mismatches(example, path + "[]", documented.get(0), item));
      }
    }
    return found;
  }

  private static String type(JsonNode node) {
    return node.isIntegralNumber()
        ? "number"
        : node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
  }
}

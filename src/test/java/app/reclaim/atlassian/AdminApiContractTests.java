package app.reclaim.atlassian;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.reclaim.simulator.Contract;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The client read against the documented contract the simulator follows too ({@code
 * src/main/resources/admin-api-contract/}): each documented answer is served as it stands and the
 * client must read every field Reclaim relies on, and each request the client sends carries what
 * the contract says a field needs ({@code expand}). A shape the two misread together can no longer
 * pass both test suites.
 */
class AdminApiContractTests extends AdminApiTestSupport {

  private final String org = freshOrgId();
  private final HttpAdminApi api = client().api();

  private static String body(String endpoint, String example) {
    return Contract.example(endpoint, example).responseJson();
  }

  private static JsonNode documented(String endpoint, String example) {
    return Contract.example(endpoint, example).response();
  }

  @Test
  void shouldAskForEveryExpandedUserFieldItReadsAndReadThemAsDocumented() {
    server.stubFor(
        post(urlPathEqualTo("/admin/v2/orgs/" + org + "/directories/-/users/search"))
            .willReturn(okJson(body("users-search", "expanded"))));
    JsonNode user = documented("users-search", "expanded").path("data").get(0);

    ApiRecords.User read = api.searchUsers(org, "-", null, 50).items().get(0);

    assertThat(read.accountId()).isEqualTo(user.path("accountId").asString());
    assertThat(read.platformRoles())
        .containsExactlyElementsOf(
            user.path("platformRoles").values().stream().map(JsonNode::asString).toList());
    assertThat(read.productAccess())
        .extracting(ApiRecords.ProductAccess::id)
        .containsExactlyElementsOf(
            user.path("productAccess").values().stream()
                .map(p -> p.path("id").asString())
                .toList());
    assertThat(read.groups())
        .extracting(ApiRecords.GroupRef::id)
        .containsExactlyElementsOf(
            user.path("groups").values().stream().map(g -> g.path("id").asString()).toList());
    assertThat(read.managementSource()).isEqualTo(user.path("managementSource").asString());
    // Each field read above is absent unless expanded: the client must ask for all three.
    List<String> documentedExpand =
        Contract.file("users-search").path("request").path("expand").values().stream()
            .map(JsonNode::asString)
            .toList();
    assertThat(documentedExpand).contains("platformRoles", "productAccess", "groups");
    for (String field : List.of("platformRoles", "productAccess", "groups")) {
      server.verify(
          postRequestedFor(urlPathEqualTo("/admin/v2/orgs/" + org + "/directories/-/users/search"))
              .withRequestBody(matchingJsonPath("$.expand[?(@ == '" + field + "')]")));
    }
  }

  @Test
  void shouldReadAPlainUserWithoutExpandedFieldsAsNoneRatherThanFail() {
    server.stubFor(
        post(urlPathEqualTo("/admin/v2/orgs/" + org + "/directories/-/users/search"))
            .willReturn(okJson(body("users-search", "plain"))));

    ApiRecords.User read = api.searchUsers(org, "-", null, 50).items().get(0);

    assertThat(read.platformRoles()).isEmpty();
    assertThat(read.productAccess()).isEmpty();
  }

  @Test
  void shouldAskForAndReadAGroupsUserCount() {
    server.stubFor(
        post(urlPathEqualTo("/admin/v2/orgs/" + org + "/directories/-/groups/search"))
            .willReturn(okJson(body("groups-search", "counts"))));
    JsonNode group = documented("groups-search", "counts").path("data").get(0);

    ApiRecords.Group read = api.searchGroups(org, "-", null, 50).items().get(0);

    assertThat(read.userCount()).isEqualTo(group.path("counts").path("users").asInt());
    assertThat(read.directoryId()).isEqualTo(group.path("directoryId").asString());
    assertThat(read.externalSynced()).isEqualTo(group.path("externalSynced").asBoolean());
    server.verify(
        postRequestedFor(urlPathEqualTo("/admin/v2/orgs/" + org + "/directories/-/groups/search"))
            .withRequestBody(matchingJsonPath("$.expand[?(@ == 'counts.users')]")));
  }

  @Test
  void shouldReadTheDirectoriesOfAUserAsDocumented() {
    server.stubFor(
        get(urlPathEqualTo("/admin/v2/orgs/" + org + "/directories"))
            .withQueryParam("accountId", equalTo("5b10ac8d82e05b22cc7d4ef5"))
            .willReturn(okJson(body("directories-list", "of-a-user"))));

    var page = api.userDirectories(org, "5b10ac8d82e05b22cc7d4ef5", null);

    assertThat(page.items())
        .extracting(ApiRecords.Directory::directoryId)
        .containsExactlyElementsOf(
            documented("directories-list", "of-a-user").path("data").values().stream()
                .map(d -> d.path("directoryId").asString())
                .toList());
    assertThat(page.hasNext()).isFalse();
  }

  @Test
  void shouldReadTheLastActiveDatesAndTheRoleAssignmentsAsDocumented() {
    JsonNode lastActive = documented("last-active-dates", "user");
    server.stubFor(
        get(urlPathEqualTo("/admin/v1/orgs/" + org + "/directory/users/acct/last-active-dates"))
            .willReturn(okJson(body("last-active-dates", "user"))));
    server.stubFor(
        get(urlPathEqualTo(
                "/admin/v2/orgs/" + org + "/directories/d-1/groups/g-1/role-assignments"))
            .willReturn(okJson(body("group-role-assignments", "user-role"))));

    ApiRecords.LastActive read = api.lastActiveDates(org, "acct");
    var roles = api.groupRoleAssignments(org, "d-1", "g-1", null);

    assertThat(read.productAccess())
        .extracting(ApiRecords.ProductLastActive::id)
        .containsExactlyElementsOf(
            lastActive.path("data").path("product_access").values().stream()
                .map(p -> p.path("id").asString())
                .toList());
    assertThat(roles.items()).isNotEmpty();
    assertThat(roles.items()).allSatisfy(r -> assertThat(r.resourceId()).startsWith("ari:cloud:"));
  }

  @Test
  void shouldTakeTheDocumentedWriteRefusalAsRejectedWithItsDetail() {
    var refusal = Contract.example("error", "bad-request");
    server.stubFor(
        post(urlPathEqualTo("/admin/v2/orgs/" + org + "/directories/d-1/users/acct/suspend"))
            .willReturn(
                aResponse()
                    .withStatus(refusal.status())
                    .withHeader("Content-Type", "application/json")
                    .withBody(refusal.responseJson())));

    assertThatThrownBy(() -> api.suspend(org, "d-1", "acct"))
        .isInstanceOfSatisfying(
            AdminApiException.Rejected.class,
            e -> {
              assertThat(e.status()).isEqualTo(400);
              assertThat(e.upstreamMessage())
                  .contains(refusal.response().path("errors").get(0).path("detail").asString());
            });
    server.verify(1, anyRequestedFor(anyUrl()));
  }
}

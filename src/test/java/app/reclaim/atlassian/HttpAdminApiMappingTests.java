package app.reclaim.atlassian;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.noContent;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.reclaim.atlassian.AdminApi.ApiPage;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Each endpoint against a real HTTP server answering the JSON shapes of ADMIN-API.md §1.5: the path
 * and body sent, the Bearer key, the records read, and cursor paging (v2 opaque, v1 URL).
 */
class HttpAdminApiMappingTests extends AdminApiTestSupport {

  private final String org = freshOrgId();
  private final HttpAdminApi api = client().api();

  private static final String V2_USERS_PAGE =
      """
      { "data": [ {
          "accountId": "5b10a2844c20165700ede21g", "accountType": "atlassian", "status": "active",
          "accountStatus": "active", "membershipStatus": "active", "addedToOrg": "2023-03-01T10:15:30Z",
          "name": "Mia Krystof", "nickname": "mia", "email": "mia@example.com", "emailVerified": true,
          "claimStatus": "managed", "platformRoles": ["atlassian/org-admin"], "picture": "https://p/1",
          "avatar": "https://a/1", "managementSource": "synced", "mfaEnabled": true, "jobTitle": "Dev",
          "department": "R&D", "organization": "Acme", "location": "Berlin", "timeZone": "Europe/Berlin",
          "counts": { "resources": 2 },
          "productAccess": [ { "key": "jira-software", "id": "ari:cloud:jira-software::site/58d2",
                               "lastActiveTimestamp": "2024-05-01T08:00:00Z" },
                             { "key": "confluence", "id": "ari:cloud:confluence::site/58d2" } ],
          "groups": [ { "id": "g-1", "name": "jira-users", "description": "Jira access" } ],
          "links": { "self": "https://self" }, "deactivatedOn": null, "forDeletion": false } ],
        "links": { "self": "ObSb", "prev": null, "next": "kloHX1ZQVasDAkx_P48NYQ" } }
      """;

  @Test
  void shouldSearchUsersWithExpandAndMapTheV2UserObject() {
    server.stubFor(
        post(urlPathEqualTo("/admin/v2/orgs/" + org + "/directories/-/users/search"))
            .willReturn(okJson(V2_USERS_PAGE)));

    ApiPage<ApiRecords.User> page = api.searchUsers(org, "-", null, 50);

    assertThat(page.nextCursor()).isEqualTo("kloHX1ZQVasDAkx_P48NYQ");
    assertThat(page.items())
        .containsExactly(
            new ApiRecords.User(
                "5b10a2844c20165700ede21g",
                "atlassian",
                "active",
                "active",
                "active",
                Instant.parse("2023-03-01T10:15:30Z"),
                "Mia Krystof",
                "mia@example.com",
                "managed",
                List.of("atlassian/org-admin"),
                "synced",
                List.of(
                    new ApiRecords.ProductAccess(
                        "jira-software",
                        "ari:cloud:jira-software::site/58d2",
                        Instant.parse("2024-05-01T08:00:00Z")),
                    new ApiRecords.ProductAccess(
                        "confluence", "ari:cloud:confluence::site/58d2", null)),
                List.of(new ApiRecords.GroupRef("g-1", "jira-users"))));
    server.verify(
        postRequestedFor(urlPathEqualTo("/admin/v2/orgs/" + org + "/directories/-/users/search"))
            .withHeader("Authorization", equalTo("Bearer " + KEY))
            .withHeader("Content-Type", equalTo("application/json"))
            .withRequestBody(
                equalToJson(
                    "{\"limit\": 50,"
                        + " \"expand\": [\"platformRoles\", \"productAccess\", \"groups\"]}")));
  }

  @Test
  void shouldPageV2SearchesWithTheOpaqueCursorInTheBody() {
    String path = "/admin/v2/orgs/" + org + "/directories/dir-1/groups/search";
    server.stubFor(
        post(urlPathEqualTo(path))
            .withRequestBody(equalToJson("{\"limit\": 2, \"expand\": [\"counts.users\"]}"))
            .willReturn(
                okJson(group("g-1") + "\"links\": {\"self\": \"s\", \"next\": \"kl+o/HX==\"}}")));
    server.stubFor(
        post(urlPathEqualTo(path))
            .withRequestBody(
                equalToJson(
                    "{\"limit\": 2, \"cursor\": \"kl+o/HX==\", \"expand\": [\"counts.users\"]}"))
            .willReturn(okJson(group("g-2") + "\"links\": {\"self\": \"s\", \"prev\": \"p\"}}")));

    ApiPage<ApiRecords.Group> first = api.searchGroups(org, "dir-1", null, 2);
    ApiPage<ApiRecords.Group> second = api.searchGroups(org, "dir-1", first.nextCursor(), 2);

    assertThat(first.items()).extracting(ApiRecords.Group::id).containsExactly("g-1");
    assertThat(first.nextCursor()).isEqualTo("kl+o/HX==");
    assertThat(second.items()).extracting(ApiRecords.Group::id).containsExactly("g-2");
    assertThat(second.hasNext()).isFalse();
  }

  @Test
  void shouldMapTheV2GroupSampleIncludingItsSource() {
    server.stubFor(
        post(urlPathEqualTo("/admin/v2/orgs/" + org + "/directories/-/groups/search"))
            .willReturn(
                okJson(
                    """
            { "data": [ { "id": "12345678-aaaa", "name": "jira-administrators", "description": "admins",
               "directoryId": "12345678-dddd",
               "managementAccess": { "deletable": true, "modifiable": true, "readable": true },
               "externalSynced": true, "managedBy": "external",
               "counts": { "users": 10, "resources": 109 },
               "links": { "self": "ECg53CukK1twBo0LK1u9nw" } } ],
              "links": { "self": "ObSb", "prev": "LIZF", "next": "kloHX1ZQVasDAkx_P48NYQ" } }
            """)));

    ApiPage<ApiRecords.Group> page = api.searchGroups(org, "-", null, 100);

    assertThat(page.items())
        .containsExactly(
            new ApiRecords.Group(
                "12345678-aaaa",
                "jira-administrators",
                "admins",
                "12345678-dddd",
                true,
                "external",
                10));
    assertThat(page.nextCursor()).isEqualTo("kloHX1ZQVasDAkx_P48NYQ");
  }

  @Test
  void shouldPageGetListingsWithTheCursorUrlEncodedInTheQuery() {
    String path = "/admin/v2/orgs/" + org + "/directories";
    server.stubFor(
        get(urlPathEqualTo(path))
            .withQueryParam("cursor", absent())
            .willReturn(
                okJson(
                    """
        { "data": [ { "directoryId": "dir-1", "name": "Acme" } ],
          "links": { "self": "s", "next": "a+b/c=d&e" } }
        """)));
    server.stubFor(
        get(urlPathEqualTo(path))
            .withQueryParam("cursor", equalTo("a+b/c=d&e"))
            .willReturn(
                okJson(
                    """
        { "data": [ { "directoryId": "dir-2", "name": "Acme sandbox" } ], "links": { "self": "s" } }
        """)));

    ApiPage<ApiRecords.Directory> first = api.directories(org, null);
    ApiPage<ApiRecords.Directory> second = api.directories(org, first.nextCursor());

    assertThat(first.items()).containsExactly(new ApiRecords.Directory("dir-1", "Acme"));
    assertThat(second.items()).containsExactly(new ApiRecords.Directory("dir-2", "Acme sandbox"));
    assertThat(second.nextCursor()).isNull();
    assertThat(server.getAllServeEvents())
        .extracting(e -> e.getRequest().getUrl())
        .contains("/admin/v2/orgs/" + org + "/directories?cursor=a%2Bb%2Fc%3Dd%26e");
  }

  @Test
  void shouldFollowV1DomainPagesByTheCursorOfTheNextUrl() {
    String path = "/admin/v1/orgs/" + org + "/domains";
    server.stubFor(
        get(urlPathEqualTo(path))
            .withQueryParam("cursor", absent())
            .willReturn(
                okJson(
                    """
        { "data": [ { "id": "dom-1", "type": "domains",
            "attributes": { "name": "example.com", "claim": { "type": "dns", "status": "verified" } },
            "links": { "self": "https://api.atlassian.com/admin/v1/orgs/o/domains/dom-1" } } ],
          "links": { "self": "https://api.atlassian.com/admin/v1/orgs/o/domains",
                     "next": "https://api.atlassian.com/admin/v1/orgs/o/domains?cursor=c%2F2%3D" } }
        """)));
    server.stubFor(
        get(urlPathEqualTo(path))
            .withQueryParam("cursor", equalTo("c/2="))
            .willReturn(
                okJson(
                    """
        { "data": [ { "id": "dom-2", "type": "domains",
            "attributes": { "name": "example.org", "claim": { "type": "http", "status": "unverified" } },
            "links": { "self": "x" } } ],
          "links": { "self": "x", "prev": "https://api.atlassian.com/admin/v1/orgs/o/domains" } }
        """)));

    ApiPage<ApiRecords.Domain> first = api.domains(org, null);
    ApiPage<ApiRecords.Domain> second = api.domains(org, first.nextCursor());

    assertThat(first.nextCursor()).isEqualTo("c/2=");
    assertThat(first.items())
        .containsExactly(new ApiRecords.Domain("dom-1", "example.com", "dns", "verified"));
    assertThat(second.items())
        .containsExactly(new ApiRecords.Domain("dom-2", "example.org", "http", "unverified"));
    assertThat(second.hasNext()).isFalse();
  }

  @Test
  void shouldMapOrgAndWorkspaces() {
    server.stubFor(
        get(urlPathEqualTo("/admin/v1/orgs/" + org))
            .willReturn(
                okJson(
                    """
        { "data": { "id": "%s", "type": "orgs", "attributes": { "name": "Acme" }, "links": { "self": "x" } } }
        """
                        .formatted(org))));
    server.stubFor(
        post(urlPathEqualTo("/admin/v2/orgs/" + org + "/workspaces"))
            .willReturn(
                okJson(
                    """
        { "data": [ { "id": "ari:cloud:jira-admin::site/1", "type": "workspaces",
            "attributes": { "name": "acme", "typeKey": "jira-software", "type": "product", "owner": "o",
              "status": "online", "statusDetails": [], "icons": {}, "avatars": {}, "labels": [],
              "sandbox": false, "usage": 40, "capacity": 50, "createdAt": "2022-01-01T00:00:00Z",
              "createdBy": "u", "updatedAt": "2024-01-01T00:00:00Z", "hostUrl": "https://acme.atlassian.net",
              "realm": "eu", "regions": ["eu-central-1"] },
            "links": {}, "relationships": {} } ],
          "links": { "self": "s", "next": "w2" }, "meta": { "pageSize": 1 } }
        """)));

    assertThat(api.org(org)).isEqualTo(new ApiRecords.Org(org, "Acme"));
    ApiPage<ApiRecords.Workspace> page = api.workspaces(org, null);
    assertThat(page.items())
        .containsExactly(
            new ApiRecords.Workspace(
                "ari:cloud:jira-admin::site/1",
                "acme",
                "jira-software",
                "online",
                50,
                "https://acme.atlassian.net",
                "eu"));
    assertThat(page.nextCursor()).isEqualTo("w2");

    api.workspaces(org, "w2");
    server.verify(
        postRequestedFor(urlPathEqualTo("/admin/v2/orgs/" + org + "/workspaces"))
            .withRequestBody(equalToJson("{\"cursor\": \"w2\"}")));
  }

  @Test
  void shouldMapGroupRoleAssignments() {
    server.stubFor(
        get(urlPathEqualTo("/admin/v2/orgs/" + org + "/directories/-/groups/g-1/role-assignments"))
            .willReturn(
                okJson(
                    """
            { "data": [ { "resourceId": "ari:cloud:jira-software::site/1", "resourceOwner": "jira-software",
                          "defaultRole": null, "roles": ["atlassian/user"] },
                        { "resourceId": "ari:cloud:confluence::site/1", "resourceOwner": "confluence",
                          "defaultRole": "atlassian/user", "roles": ["atlassian/user", "atlassian/admin"] } ],
              "links": { "self": "s" } }
            """)));

    assertThat(api.groupRoleAssignments(org, "-", "g-1", null).items())
        .containsExactly(
            new ApiRecords.RoleAssignment(
                "ari:cloud:jira-software::site/1",
                "jira-software",
                null,
                List.of("atlassian/user")),
            new ApiRecords.RoleAssignment(
                "ari:cloud:confluence::site/1",
                "confluence",
                "atlassian/user",
                List.of("atlassian/user", "atlassian/admin")));
  }

  @Test
  void shouldMergeEveryPageOfLastActiveDates() {
    String path = "/admin/v1/orgs/" + org + "/directory/users/712020:abc/last-active-dates";
    server.stubFor(
        get(urlPathEqualTo(path))
            .withQueryParam("cursor", absent())
            .willReturn(
                okJson(
                    """
        { "data": { "product_access": [ { "id": "ari:cloud:jira-software::site/58d2", "key": "jira-software",
                                          "last_active": "2023-01-19" } ],
                    "added_to_org": "2021-06-01" },
          "links": { "next": "https://api.atlassian.com/admin/v1/orgs/o/directory/users/u/last-active-dates?cursor=p2" } }
        """)));
    server.stubFor(
        get(urlPathEqualTo(path))
            .withQueryParam("cursor", equalTo("p2"))
            .willReturn(
                okJson(
                    """
        { "data": { "product_access": [ { "id": "ari:cloud:confluence::site/58d2", "key": "confluence",
                                          "last_active_timestamp": "2023-02-03T22:10:00Z" } ] },
          "links": {} }
        """)));

    ApiRecords.LastActive lastActive = api.lastActiveDates(org, "712020:abc");

    assertThat(lastActive.productAccess())
        .containsExactly(
            new ApiRecords.ProductLastActive(
                "ari:cloud:jira-software::site/58d2",
                "jira-software",
                LocalDate.parse("2023-01-19")),
            new ApiRecords.ProductLastActive(
                "ari:cloud:confluence::site/58d2", "confluence", LocalDate.parse("2023-02-03")));
    assertThat(lastActive.addedToOrg()).isEqualTo(Instant.parse("2021-06-01T00:00:00Z"));
    server.verify(2, getRequestedFor(urlPathEqualTo(path)));
  }

  @Test
  void shouldSendEachWriteToItsPathWithTheKey() {
    String dir = "/admin/v2/orgs/" + org + "/directories/dir-1";
    server.stubFor(
        post(urlPathEqualTo(dir + "/users/712020:abc/suspend"))
            .willReturn(okJson("{\"message\":\"ok\"}")));
    server.stubFor(post(urlPathEqualTo(dir + "/users/712020:abc/restore")).willReturn(noContent()));
    server.stubFor(delete(urlPathEqualTo(dir + "/users/712020:abc")).willReturn(noContent()));
    server.stubFor(post(urlPathEqualTo(dir + "/groups/g%201/memberships")).willReturn(noContent()));
    server.stubFor(
        delete(urlPathEqualTo(dir + "/groups/g%201/memberships/712020:abc"))
            .willReturn(noContent()));

    api.suspend(org, "dir-1", "712020:abc");
    api.restore(org, "dir-1", "712020:abc");
    api.removeFromDirectory(org, "dir-1", "712020:abc");
    api.addMember(org, "dir-1", "g 1", "712020:abc");
    api.removeMember(org, "dir-1", "g 1", "712020:abc");

    server.verify(postRequestedFor(urlPathEqualTo(dir + "/users/712020:abc/suspend")));
    server.verify(postRequestedFor(urlPathEqualTo(dir + "/users/712020:abc/restore")));
    server.verify(deleteRequestedFor(urlPathEqualTo(dir + "/users/712020:abc")));
    server.verify(
        postRequestedFor(urlPathEqualTo(dir + "/groups/g%201/memberships"))
            .withRequestBody(equalToJson("{\"accountId\": \"712020:abc\"}")));
    server.verify(deleteRequestedFor(urlPathEqualTo(dir + "/groups/g%201/memberships/712020:abc")));
    server.verify(
        5, anyRequestedFor(anyUrl()).withHeader("Authorization", equalTo("Bearer " + KEY)));
  }

  @Test
  void shouldRefuseToWriteToAllDirectoriesBeforeAnyRequest() {
    assertThatThrownBy(() -> api.suspend(org, "-", "712020:abc"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("reads only");
    assertThatThrownBy(() -> api.restore(org, "-", "712020:abc"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> api.removeFromDirectory(org, "-", "712020:abc"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> api.addMember(org, "-", "g-1", "712020:abc"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> api.removeMember(org, "-", "g-1", "712020:abc"))
        .isInstanceOf(IllegalArgumentException.class);
    server.verify(0, anyRequestedFor(anyUrl()));
  }

  @Test
  void shouldAskTheDirectoriesOfOneUserWithTheAccountIdFilter() {
    String path = "/admin/v2/orgs/" + org + "/directories";
    server.stubFor(
        get(urlPathEqualTo(path))
            .withQueryParam("accountId", equalTo("712020:abc"))
            .willReturn(
                okJson(
                    "{\"data\": [{\"directoryId\": \"dir-1\", \"name\": \"Site A\"},"
                        + " {\"directoryId\": \"dir-2\", \"name\": \"Site B\"}],"
                        + " \"links\": {\"self\": \"s\"}}")));

    ApiPage<ApiRecords.Directory> page = api.userDirectories(org, "712020:abc", null);

    assertThat(page.items())
        .extracting(ApiRecords.Directory::directoryId)
        .containsExactly("dir-1", "dir-2");
    assertThat(page.hasNext()).isFalse();
  }

  @Test
  void shouldRejectAnOrgWithoutKeyBeforeAnyRequest() {
    AtlassianProperties properties = fast();
    ResiliencePolicy policy = new ResiliencePolicy(properties);
    HttpAdminApi keyless =
        new HttpAdminApi(properties, orgId -> Optional.empty(), policy, Clock.systemUTC());

    assertThatThrownBy(() -> keyless.org(org))
        .isInstanceOfSatisfying(
            AdminApiException.Rejected.class,
            e -> {
              assertThat(e.status()).isEqualTo(401);
              assertThat(e.upstreamMessage()).contains("no admin API key");
            });
    assertThat(server.getAllServeEvents()).isEmpty();
  }

  private static String group(String id) {
    return "{\"data\": [{\"id\": \"" + id + "\", \"name\": \"n-" + id + "\"}], ";
  }
}

package app.reclaim.scim;

import static org.assertj.core.api.Assertions.assertThat;

import app.reclaim.directory.DirectoryWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Users over real HTTP: CRUD, filters, paging, PATCH atomicity, ETags, uniqueness, isolation. */
class ScimUsersIntegrationTests extends ScimTest {

  @Autowired DirectoryWriter directory;

  @Test
  void shouldCreateUserAsIdpProvisionedDirectoryAccountAndNeverReturnPassword() {
    String userName = unique("ada");
    var r =
        scim.post(
            "/Users",
            user(userName)
                .replace(
                    "\"active\":true",
                    "\"active\":true,\"password\":\"t0p\","
                        + "\"groups\":[],\"roles\":[],\"addresses\":null,\"title\":null,\"meta\":{\"resourceType\":\"User\"}"));

    assertThat(r.status()).as(r.body()).isEqualTo(201);
    assertThat(r.header("Location")).endsWith("/scim/v2/Users/" + r.read("$.id"));
    assertThat(r.header("ETag")).isEqualTo(r.read("$.meta.version"));
    assertThat(r.body())
        .doesNotContain("password")
        .doesNotContain("\"title\"")
        .doesNotContain("addresses");
    Boolean active = r.read("$.active");
    assertThat(active).isTrue();
    String account =
        directory
            .known(orgId, List.of("idp:" + java.util.UUID.nameUUIDFromBytes(userName.getBytes())))
            .keySet()
            .stream()
            .findFirst()
            .orElseThrow();
    assertThat(directory.known(orgId, List.of(account)).get(account).idpSynced()).isTrue();
  }

  @Test
  void shouldAnswerEntraTestConnectionWithEmptyListOfIntegers() {
    var r =
        scim.get(
            "/Users?filter=" + ScimHttp.q("userName eq \"" + java.util.UUID.randomUUID() + "\""));

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body())
        .contains("\"totalResults\":0")
        .contains("\"Resources\":[]")
        .contains("\"startIndex\":1")
        .contains("\"itemsPerPage\":0");
  }

  @Test
  void shouldRejectDuplicateUserNameCaseInsensitivelyAndFindItByUpperCaseFilter() {
    String userName = unique("dup");
    String id = createUser(userName);

    var dup = scim.post("/Users", user(userName.toUpperCase()));
    var found =
        scim.get(
            "/Users?filter="
                + ScimHttp.q("userName eq \"" + userName.toUpperCase() + "\"")
                + "&startIndex=1&count=100");

    assertThat(dup.status()).isEqualTo(409);
    assertThat(dup.<String>read("$.scimType")).isEqualTo("uniqueness");
    assertThat(dup.<String>read("$.status")).isEqualTo("409");
    assertThat(found.<List<String>>read("$.Resources[*].id")).containsExactly(id);
  }

  @Test
  void shouldGiveOneCreatedAndOneConflictForConcurrentIdenticalPosts() throws Exception {
    String body = user(unique("race"));
    CountDownLatch start = new CountDownLatch(1);
    Callable<Integer> post =
        () -> {
          start.await();
          return scim.post("/Users", body).status();
        };
    var pool = Executors.newFixedThreadPool(2);
    try {
      var a = pool.submit(post);
      var b = pool.submit(post);
      start.countDown();
      assertThat(List.of(a.get(), b.get())).containsExactlyInAnyOrder(201, 409);
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void shouldKeepEveryChangeOutWhenOneOperationOfAPatchIsInvalid() {
    String id = createUser(unique("atomic"));
    var before = scim.get("/Users/" + id);

    var r =
        scim.patch(
            "/Users/" + id,
            patch(
                """
        {"op":"replace","path":"displayName","value":"Changed"},
        {"op":"remove","path":"userName"}"""));

    assertThat(r.status()).isEqualTo(400);
    assertThat(scim.get("/Users/" + id).body()).isEqualTo(before.body());
  }

  @Test
  void shouldAnswerBadInputWithTheRightScimTypeAndChangeNothing() {
    String id = createUser(unique("bad"));
    String before = scim.get("/Users/" + id).body();

    Map<String, String> expected = new java.util.LinkedHashMap<>();
    assertThat(scim.post("/Users", "{not json").<String>read("$.scimType"))
        .isEqualTo("invalidSyntax");
    assertThat(
            scim.post("/Users", "{\"schemas\":[\"urn:example:unknown\"],\"userName\":\"x@y\"}")
                .<String>read("$.scimType"))
        .isEqualTo("invalidSyntax");
    assertThat(scim.get("/Users?filter=" + ScimHttp.q("userName eq")).<String>read("$.scimType"))
        .isEqualTo("invalidFilter");
    assertThat(
            scim.patch(
                    "/Users/" + id,
                    patch("{\"op\":\"replace\",\"path\":\"emails[type eq\",\"value\":\"x\"}"))
                .<String>read("$.scimType"))
        .isEqualTo("invalidPath");
    assertThat(
            scim.patch(
                    "/Users/" + id,
                    patch("{\"op\":\"replace\",\"path\":\"active\",\"value\":\"maybe\"}"))
                .<String>read("$.scimType"))
        .isEqualTo("invalidValue");
    assertThat(
            scim.put("/Users/" + id, "{\"schemas\":[\"" + USER + "\"],\"userName\":\"\"}").status())
        .isEqualTo(400);
    assertThat(scim.patch("/Users/" + id, "{\"Operations\":[]}").<String>read("$.scimType"))
        .isEqualTo("invalidSyntax");
    assertThat(expected).isEmpty();
    assertThat(scim.get("/Users/" + id).body()).isEqualTo(before);
  }

  @Test
  void shouldRefuseAStaleIfMatchWith412() {
    String id = createUser(unique("etag"));
    String etag = scim.get("/Users/" + id).header("ETag");
    scim.patch(
        "/Users/" + id, patch("{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"One\"}"));

    var stale =
        scim.header("If-Match", etag)
            .patch(
                "/Users/" + id,
                patch("{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"Two\"}"));
    var fresh =
        scim.header("If-Match", scim.get("/Users/" + id).header("ETag"))
            .patch(
                "/Users/" + id,
                patch("{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"Two\"}"));

    assertThat(stale.status()).isEqualTo(412);
    assertThat(fresh.status()).isEqualTo(200);
    assertThat(fresh.<String>read("$.displayName")).isEqualTo("Two");
  }

  @Test
  void shouldReplaceWholeUserOnPutClearingOmittedAttributes() {
    String userName = unique("put");
    String id = createUser(userName);

    var r =
        scim.put(
            "/Users/" + id,
            "{\"schemas\":[\""
                + USER
                + "\"],\"id\":\""
                + id
                + "\",\"userName\":\""
                + userName
                + "\",\"active\":false}");

    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.body()).doesNotContain("emails").doesNotContain("givenName");
    Boolean active = r.read("$.active");
    assertThat(active).isFalse();
  }

  @Test
  void shouldDeleteUserAndAnswer404Afterwards() {
    String id = createUser(unique("del"));

    assertThat(scim.delete("/Users/" + id).status()).isEqualTo(204);
    assertThat(scim.get("/Users/" + id).status()).isEqualTo(404);
    assertThat(
            scim.patch(
                    "/Users/" + id,
                    patch("{\"op\":\"replace\",\"path\":\"active\",\"value\":false}"))
                .status())
        .isEqualTo(404);
    assertThat(scim.delete("/Users/" + id).status()).isEqualTo(404);
  }

  @Test
  void shouldNeverShowAnotherOrgsResources() {
    String id = createUser(unique("mine"));
    String otherOrg = freshOrgId();
    organizations.install(
        new app.reclaim.organizations.InstallOrganization(otherOrg, "Other", "eu"));
    ScimHttp other = new ScimHttp(port, "Bearer " + createToken(otherOrg, "Entra"));

    assertThat(other.get("/Users/" + id).status()).isEqualTo(404);
    Integer total = other.get("/Users").read("$.totalResults");
    assertThat(total).isZero();
    assertThat(
            other
                .patch(
                    "/Users/" + id,
                    patch("{\"op\":\"replace\",\"path\":\"active\",\"value\":false}"))
                .status())
        .isEqualTo(404);
    assertThat(other.delete("/Users/" + id).status()).isEqualTo(404);
    assertThat(scim.get("/Users/" + id).status()).isEqualTo(200);
  }

  @Test
  void shouldPageStablyWhileUsersAreAdded() {
    List<String> ids = new java.util.ArrayList<>();
    for (int i = 0; i < 25; i++) {
      ids.add(createUser(unique("page" + i)));
    }
    List<String> seen = new java.util.ArrayList<>();
    for (int start = 1; start <= 25; start += 7) {
      var page = scim.get("/Users?startIndex=" + start + "&count=7");
      seen.addAll(page.read("$.Resources[*].id"));
      assertThat(page.<Integer>read("$.itemsPerPage"))
          .isEqualTo(page.<List<?>>read("$.Resources").size());
      createUser(unique("late"));
    }
    assertThat(seen.subList(0, 25)).containsExactlyElementsOf(ids);
  }

  @Test
  void shouldFilterSortAndProject() {
    createUser("b-" + unique("s"));
    createUser("a-" + unique("s"));
    var r =
        scim.get(
            "/Users?filter="
                + ScimHttp.q("userName sw \"a-\" or userName sw \"b-\"")
                + "&sortBy=userName&sortOrder=descending&attributes=userName");

    List<String> names = r.read("$.Resources[*].userName");
    assertThat(names).hasSize(2);
    assertThat(names.get(0)).startsWith("b-");
    assertThat(r.body()).doesNotContain("emails").contains("\"id\"");
  }
}

package app.reclaim.scim;

import static org.assertj.core.api.Assertions.assertThat;

import app.reclaim.store.RegionKeyspaces;
import com.datastax.oss.driver.api.core.CqlSession;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Fully qualified attribute names (RFC 7644 §3.4.2.2, §3.10: {@code urn:…:User:userName} is {@code
 * userName}; schema URNs are case-insensitive) in filters, {@code sortBy}, {@code attributes} and
 * {@code excludedAttributes}, on users, the enterprise extension and groups.
 */
class ScimQualifiedNamesIntegrationTests extends ScimTest {

  @Autowired CqlSession session;
  @Autowired RegionKeyspaces regions;

  @Test
  void shouldMatchQualifiedNamesInFilters() {
    String userName = unique("qualified");
    String id = createUser(userName);
    scim.patch(
        "/Users/" + id,
        patch("{\"op\":\"add\",\"path\":\"" + ENTERPRISE + ":employeeNumber\",\"value\":\"E-7\"}"));
    String name = "Qualified group " + java.util.UUID.randomUUID();
    String g = createGroup(name);

    assertThat(users(USER + ":userName eq \"" + userName + "\"")).containsExactly(id);
    assertThat(users(USER.toUpperCase() + ":USERNAME eq \"" + userName.toUpperCase() + "\""))
        .containsExactly(id);
    assertThat(
            users(USER + ":name.familyName eq \"Lovelace\" and " + USER + ":id eq \"" + id + "\""))
        .containsExactly(id);
    assertThat(users(ENTERPRISE + ":employeeNumber eq \"E-7\"")).containsExactly(id);
    assertThat(users(ENTERPRISE.toLowerCase() + ":employeenumber eq \"E-7\"")).containsExactly(id);
    assertThat(
            users("not (" + USER + ":userName eq \"" + userName + "\") and id eq \"" + id + "\""))
        .isEmpty();
    assertThat(
            scim.get("/Groups?filter=" + ScimHttp.q(GROUP + ":displayName eq \"" + name + "\""))
                .<List<String>>read("$.Resources[*].id"))
        .containsExactly(g);
    assertThat(
            scim.post(
                    "/Users/.search",
                    "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:SearchRequest\"],"
                        + "\"filter\":\""
                        + USER
                        + ":userName eq \\\""
                        + userName
                        + "\\\"\"}")
                .<List<String>>read("$.Resources[*].id"))
        .containsExactly(id);
  }

  /**
   * {@code userName eq} is served by one read of the name claim, not a scan of the org's users. The
   * claim row is deleted behind the server's back: the key read then finds nothing while a scan
   * still would, so the qualified form answering like the bare one shows which read served it.
   */
  @Test
  void shouldServeQualifiedNameEqualityByTheNameKeyRead() {
    String userName = unique("keyread");
    String id = createUser(userName);
    String name = "Key read " + java.util.UUID.randomUUID();
    String g = createGroup(name);
    assertThat(users(USER + ":userName eq \"" + userName + "\"")).containsExactly(id);

    deleteClaim("User", userName);
    deleteClaim("Group", name);

    assertThat(users("userName co \"" + userName + "\"")).as("a scan").containsExactly(id);
    assertThat(users("userName eq \"" + userName + "\"")).as("the key read").isEmpty();
    assertThat(users(USER + ":userName eq \"" + userName + "\"")).isEmpty();
    assertThat(users(USER.toUpperCase() + ":userName eq \"" + userName + "\"")).isEmpty();
    assertThat(
            scim.get("/Groups?filter=" + ScimHttp.q(GROUP + ":displayName eq \"" + name + "\""))
                .<List<String>>read("$.Resources[*].id"))
        .isEmpty();
    assertThat(
            scim.get("/Groups?filter=" + ScimHttp.q("displayName co \"" + name + "\""))
                .<List<String>>read("$.Resources[*].id"))
        .containsExactly(g);
  }

  @Test
  void shouldSortAndProjectByQualifiedNames() {
    String prefix = java.util.UUID.randomUUID().toString().substring(0, 8);
    String a = createUser("a-" + prefix + "@example.com");
    String b = createUser("b-" + prefix + "@example.com");
    scim.patch(
        "/Users/" + a,
        patch("{\"op\":\"add\",\"path\":\"" + ENTERPRISE + ":employeeNumber\",\"value\":\"1\"}"));
    String filter = ScimHttp.q("userName ew \"" + prefix + "@example.com\"");

    var sorted =
        scim.get(
            "/Users?filter="
                + filter
                + "&sortBy="
                + ScimHttp.q(USER.toUpperCase() + ":userName")
                + "&sortOrder=descending");
    var projected =
        scim.get(
            "/Users?filter="
                + filter
                + "&attributes="
                + ScimHttp.q(USER.toUpperCase() + ":userName," + ENTERPRISE + ":employeeNumber"));
    var excluded =
        scim.get(
            "/Users/"
                + a
                + "?excludedAttributes="
                + ScimHttp.q(ENTERPRISE.toUpperCase() + ":employeeNumber," + USER + ":emails"));

    assertThat(sorted.<List<String>>read("$.Resources[*].id")).containsExactly(b, a);
    assertThat(projected.<List<String>>read("$.Resources[*].userName")).hasSize(2);
    assertThat(projected.body()).doesNotContain("emails").doesNotContain("givenName");
    assertThat(projected.<List<String>>read("$.Resources[*]['" + ENTERPRISE + "'].employeeNumber"))
        .containsExactly("1");
    assertThat(excluded.body()).doesNotContain("employeeNumber").doesNotContain("emails");
    assertThat(excluded.<String>read("$.userName")).startsWith("a-");
  }

  private List<String> users(String filter) {
    var r = scim.get("/Users?filter=" + ScimHttp.q(filter));
    assertThat(r.status()).as(filter + ": " + r.body()).isEqualTo(200);
    return r.read("$.Resources[*].id");
  }

  private void deleteClaim(String resourceType, String name) {
    session.execute(
        "DELETE FROM "
            + regions.keyspaceOf("eu").asCql(true)
            + ".scim_names WHERE org_id = ? AND resource_type = ? AND name_key = ?",
        orgId,
        resourceType,
        ScimRepository.nameKey(name));
  }
}

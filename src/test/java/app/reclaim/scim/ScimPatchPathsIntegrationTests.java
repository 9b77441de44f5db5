package app.reclaim.scim;

import static org.assertj.core.api.Assertions.assertThat;

import app.reclaim.store.RegionKeyspaces;
import com.datastax.oss.driver.api.core.CqlSession;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * PATCH paths (RFC 7644 §3.5.2): a path must name an attribute of the resource's schemas, with or
 * without the schema URN (400 invalidPath otherwise, nothing written), a readOnly attribute cannot
 * be changed (400 mutability), a core-URN path changes the attribute it names, and a PATCH that
 * changes nothing keeps the version, the ETag and the stored row.
 */
class ScimPatchPathsIntegrationTests extends ScimTest {

  static final List<String> OPS = List.of("replace", "add", "remove");

  @Autowired CqlSession session;
  @Autowired RegionKeyspaces regions;

  /**
   * Every op on every path of {@code resource} is 400 with {@code scimType}, and the resource (its
   * body and ETag) is still {@code before}.
   */
  void assertEveryPathRefused(
      String resource,
      ScimHttp.Response before,
      List<String> paths,
      String value,
      String scimType) {
    for (String op : OPS) {
      for (String path : paths) {
        var r = scim.patch(resource, patch(operation(op, path, value)));

        assertThat(r.status()).as(op + " " + path + ": " + r.body()).isEqualTo(400);
        assertThat(r.<String>read("$.scimType")).as(op + " " + path).isEqualTo(scimType);
      }
    }
    var after = scim.get(resource);
    assertThat(after.header("ETag")).isEqualTo(before.header("ETag"));
    assertThat(after.body()).isEqualTo(before.body());
  }

  @Nested
  class UnknownPaths {

    @Test
    void shouldRefuseUnknownUserPathsWithInvalidPathAndWriteNothing() {
      String id = createUser(unique("paths"));
      var before = scim.get("/Users/" + id);
      List<String> paths =
          List.of(
              "nickname2",
              USER + ":nickname2",
              "urn:ietf:params:scim:schemas:core:2.0:user:nickname2",
              "name.unknown",
              USER + ":name.unknown",
              ENTERPRISE + ":unknown",
              ENTERPRISE + ":manager.unknown",
              "userName.sub",
              "unknown[type eq \\\"work\\\"].value",
              "emails[unknown eq \\\"work\\\"].value",
              "emails[type eq \\\"work\\\"].unknown",
              "urn:example:params:scim:schemas:extension:custom:2.0:User:unknown");

      assertEveryPathRefused("/Users/" + id, before, paths, "\"x\"", "invalidPath");
    }

    @Test
    void shouldRefuseUnknownGroupPathsWithInvalidPathAndWriteNothing() {
      String member = createUser(unique("member"));
      String g = createGroup("Paths " + java.util.UUID.randomUUID());
      var before = scim.get("/Groups/" + g);
      List<String> paths =
          List.of(
              "owner",
              GROUP + ":owner",
              "displayName.sub",
              "members.unknown",
              "members[unknown eq \\\"" + member + "\\\"]",
              "owners[value eq \\\"" + member + "\\\"]",
              USER + ":displayName");

      assertEveryPathRefused("/Groups/" + g, before, paths, "[{\"value\":\"x\"}]", "invalidPath");
    }

    @Test
    void shouldRefuseReadOnlyAttributesWithMutabilityWhateverTheirForm() {
      String id = createUser(unique("readonly"));
      var before = scim.get("/Users/" + id);
      List<String> paths =
          List.of(
              "id",
              USER + ":id",
              "meta",
              "meta.lastModified",
              USER + ":meta.version",
              "groups",
              ENTERPRISE + ":manager.displayName");

      assertEveryPathRefused("/Users/" + id, before, paths, "\"x\"", "mutability");
    }

    @Test
    void shouldRefuseAWholePatchWhenOneOfItsPathsIsUnknown() {
      String id = createUser(unique("whole"));
      var before = scim.get("/Users/" + id);

      var r =
          scim.patch(
              "/Users/" + id,
              patch(
                  operation("replace", "displayName", "\"Changed\"")
                      + ","
                      + operation("replace", "displayNam", "\"Typo\"")));

      assertThat(r.<String>read("$.scimType")).isEqualTo("invalidPath");
      assertThat(r.<String>read("$.detail")).contains("displayNam");
      assertThat(scim.get("/Users/" + id).body()).isEqualTo(before.body());
    }
  }

  @Nested
  class QualifiedPaths {

    @Test
    void shouldChangeTheAttributeACoreUrnPathNamesInAnyCase() {
      String id = createUser(unique("urn"));
      String g = createGroup("Urn " + java.util.UUID.randomUUID());

      var user =
          scim.patch(
              "/Users/" + id,
              patch(
                  operation("replace", USER + ":displayName", "\"Qualified\"")
                      + ","
                      + operation("replace", USER.toUpperCase() + ":name.givenName", "\"Upper\"")));
      var group =
          scim.patch(
              "/Groups/" + g,
              patch(operation("replace", GROUP + ":displayName", "\"Renamed " + g + "\"")));

      assertThat(user.status()).as(user.body()).isEqualTo(200);
      assertThat(scim.get("/Users/" + id).<String>read("$.displayName")).isEqualTo("Qualified");
      assertThat(scim.get("/Users/" + id).<String>read("$.name.givenName")).isEqualTo("Upper");
      assertThat(user.body()).doesNotContain("\"" + USER + "\":");
      assertThat(group.status()).as(group.body()).isEqualTo(200);
      assertThat(scim.get("/Groups/" + g).<String>read("$.displayName")).isEqualTo("Renamed " + g);

      // an extension URN in another case lands in the one extension object
      scim.patch("/Users/" + id, patch(operation("add", ENTERPRISE + ":department", "\"R&D\"")));

      var r =
          scim.patch(
              "/Users/" + id,
              patch(operation("replace", ENTERPRISE.toUpperCase() + ":employeeNumber", "\"42\"")));

      assertThat(r.status()).as(r.body()).isEqualTo(200);
      var stored = scim.get("/Users/" + id);
      assertThat(stored.<String>read("$['" + ENTERPRISE + "'].department")).isEqualTo("R&D");
      assertThat(stored.<String>read("$['" + ENTERPRISE + "'].employeeNumber")).isEqualTo("42");
      assertThat(stored.body()).doesNotContain(ENTERPRISE.toUpperCase());

      // a path-less value keyed by the qualified core name (Entra's dotted-key form)
      var keyed =
          scim.patch(
              "/Users/" + id,
              patch("{\"op\":\"replace\",\"value\":{\"" + USER + ":title\":\"Countess\"}}"));
      assertThat(keyed.<String>read("$.title")).isEqualTo("Countess");
    }
  }

  @Nested
  class NoOps {

    @Test
    void shouldKeepTheUsersVersionAndRowWhenAPatchChangesNothing() {
      String id = createUser(unique("noop"));
      scim.patch("/Users/" + id, patch(operation("replace", "displayName", "\"Same\"")));
      var before = scim.get("/Users/" + id);
      long written = writeTime("user", id);

      List<String> noOps =
          List.of(
              operation("replace", "displayName", "\"Same\""),
              "{\"op\":\"replace\",\"value\":{\"active\":true}}",
              "{\"op\":\"Replace\",\"path\":\"active\",\"value\":\"True\"}",
              operation("remove", "title", null),
              operation(
                  "add",
                  "emails",
                  "[{\"value\":\""
                      + before.read("$.userName")
                      + "\","
                      + "\"type\":\"work\",\"primary\":true}]"));
      for (String op : noOps) {
        var r = scim.patch("/Users/" + id, patch(op));

        assertThat(r.status()).as(op + ": " + r.body()).isEqualTo(200);
        assertThat(r.header("ETag")).as(op).isEqualTo(before.header("ETag"));
        assertThat(r.<String>read("$.meta.version"))
            .as(op)
            .isEqualTo(before.read("$.meta.version"));
      }
      var after = scim.get("/Users/" + id);
      assertThat(after.body()).isEqualTo(before.body());
      assertThat(writeTime("user", id)).as("the row was not written again").isEqualTo(written);

      var changed =
          scim.patch("/Users/" + id, patch(operation("replace", "displayName", "\"New\"")));
      assertThat(changed.header("ETag")).isNotEqualTo(before.header("ETag"));
      assertThat(changed.<String>read("$.meta.version")).isEqualTo(changed.header("ETag"));
      assertThat(writeTime("user", id)).isGreaterThan(written);
    }

    @Test
    void shouldKeepTheGroupsVersionAndRowWhenAPatchChangesNothing() {
      String member = createUser(unique("member"));
      String other = createUser(unique("other"));
      String name = "NoOp " + java.util.UUID.randomUUID();
      String g = createGroup(name);
      scim.patch(
          "/Groups/" + g,
          patch(
              "{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + member + "\"}]}"));
      var before = scim.get("/Groups/" + g);
      long written = writeTime("group", g);

      List<String> noOps =
          List.of(
              // Okta's rename carries the group's id and, on membership pushes, the same name
              "{\"op\":\"replace\",\"value\":{\"id\":\""
                  + g
                  + "\",\"displayName\":\""
                  + name
                  + "\"}}",
              "{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + member + "\"}]}",
              "{\"op\":\"remove\",\"path\":\"members[value eq \\\"" + other + "\\\"]\"}",
              "{\"op\":\"Remove\",\"path\":\"members\",\"value\":[{\"value\":\"" + other + "\"}]}",
              "{\"op\":\"replace\",\"path\":\"members\",\"value\":[{\"value\":\""
                  + member
                  + "\"}]}");
      for (String op : noOps) {
        var r = scim.patch("/Groups/" + g, patch(op));

        assertThat(r.status()).as(op + ": " + r.body()).isEqualTo(200);
        assertThat(r.header("ETag")).as(op).isEqualTo(before.header("ETag"));
      }
      var after = scim.get("/Groups/" + g);
      assertThat(after.body()).isEqualTo(before.body());
      assertThat(writeTime("group", g)).as("the row was not written again").isEqualTo(written);
    }
  }

  static String operation(String op, String path, String value) {
    return "{\"op\":\""
        + op
        + "\",\"path\":\""
        + path
        + "\""
        + (value == null ? "" : ",\"value\":" + value)
        + "}";
  }

  /** When the resource's row was last written (microseconds), read straight from Cassandra. */
  long writeTime(String resourceType, String id) {
    var row =
        session
            .execute(
                "SELECT writetime(body) FROM "
                    + regions.keyspaceOf("eu").asCql(true)
                    + ".scim_resources WHERE org_id = ? AND resource_type = ? AND bucket = ?"
                    + " AND id = ?",
                orgId,
                resourceType.equals("user") ? "User" : "Group",
                ScimRepository.bucket(id),
                id)
            .one();
    assertThat(row).as(resourceType + " " + id).isNotNull();
    return row.getLong(0);
  }
}

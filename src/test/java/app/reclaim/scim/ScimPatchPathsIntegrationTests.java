package app.reclaim.scim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** PATCH paths (RFC 7644 §3.5.2): a core-URN path changes the attribute it names. */
class ScimPatchPathsIntegrationTests extends ScimTest {

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
      assertThat(group.status()).as(group.body()).isEqualTo(204);
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

  static String operation(String op, String path, String value) {
    return "{\"op\":\""
        + op
        + "\",\"path\":\""
        + path
        + "\""
        + (value == null ? "" : ",\"value\":" + value)
        + "}";
  }
}

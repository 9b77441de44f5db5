package app.reclaim.scim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Entra ID's payloads (SCIM.md §5 cases 3-7, 9), each resting on one quirk class: sources are
 * MicrosoftDocs use-scim-to-provision-users-and-groups.md and
 * application-provisioning-config-problem-scim-compatibility.md, and SCIM-SDK issues
 * #267/#416/#541.
 */
class EntraQuirksIntegrationTests extends ScimTest {

  @Test
  void shouldStoreLegacyStringFalseAsBoolean() {
    String id = createUser(unique("str"));

    var r =
        scim.patch(
            "/Users/" + id, patch("{\"op\":\"Replace\",\"path\":\"active\",\"value\":\"False\"}"));

    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(scim.get("/Users/" + id).body()).contains("\"active\":false");
  }

  @Test
  void shouldNestDottedAndUrnKeysWithoutTouchingSchemas() {
    String id = createUser(unique("dot"));

    var r =
        scim.patch(
            "/Users/" + id,
            patch(
                "{\"op\":\"replace\",\"value\":{\"displayName\":\"Ada L\","
                    + "\"name.givenName\":\"Augusta\",\"name.familyName\":\"King\",\""
                    + ENTERPRISE
                    + ":employeeNumber\":\"42\"}}"));

    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.<String>read("$.name.givenName")).isEqualTo("Augusta");
    assertThat(r.<String>read("$.name.familyName")).isEqualTo("King");
    assertThat(r.<String>read("$['" + ENTERPRISE + "'].employeeNumber")).isEqualTo("42");
    assertThat(r.<List<String>>read("$.schemas")).containsExactly(USER, ENTERPRISE);
    assertThat(r.body()).doesNotContain("\"name.givenName\"");
  }

  @Test
  void shouldUpsertTheWorkEmailAndMergeWorkAddressParts() {
    String id =
        scim.post(
                "/Users",
                "{\"schemas\":[\""
                    + USER
                    + "\"],\"userName\":\""
                    + unique("mail")
                    + "\",\"emails\":[{\"value\":\"home@example.org\",\"type\":\"home\"}]}")
            .read("$.id");

    var r =
        scim.patch(
            "/Users/" + id,
            patch(
                """
        {"op":"Replace","path":"emails[type eq \\"work\\"].value","value":"work@example.org"},
        {"op":"Add","path":"addresses[type eq \\"work\\"].streetAddress","value":"1 Main St"},
        {"op":"Add","path":"addresses[type eq \\"work\\"].locality","value":"Springfield"},
        {"op":"Add","path":"addresses[type eq \\"work\\"].postalCode","value":"12345"}"""));

    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.<List<String>>read("$.emails[*].value"))
        .containsExactlyInAnyOrder("home@example.org", "work@example.org");
    assertThat(r.<List<Object>>read("$.addresses")).hasSize(1);
    assertThat(r.<String>read("$.addresses[0].locality")).isEqualTo("Springfield");

    var found =
        scim.get(
            "/Users?filter="
                + ScimHttp.q("emails[type eq \"work\"].value eq \"work@example.org\""));
    assertThat(found.<List<String>>read("$.Resources[*].id")).containsExactly(id);
  }

  @Test
  void shouldMapBothManagerFormsToTheEnterpriseManager() {
    String manager = createUser(unique("boss"));
    String id = createUser(unique("emp"));

    scim.patch(
        "/Users/" + id,
        patch(
            "{\"op\":\"Add\",\"path\":\"manager\",\"value\":[{\"$ref\":null,\"value\":\""
                + manager
                + "\"}]}"));
    var first = scim.get("/Users/" + id);
    scim.patch(
        "/Users/" + id,
        patch(
            "{\"op\":\"Add\",\"path\":\""
                + ENTERPRISE
                + ":manager\",\"value\":\""
                + manager
                + "\"}"));
    var second = scim.get("/Users/" + id);

    assertThat(first.<String>read("$['" + ENTERPRISE + "'].manager.value")).isEqualTo(manager);
    assertThat(second.<String>read("$['" + ENTERPRISE + "'].manager.value")).isEqualTo(manager);
    assertThat(first.body()).doesNotContain("\"manager\":[");
    var check =
        scim.get(
            "/Users?filter="
                + ScimHttp.q("id eq \"" + id + "\" and manager eq \"" + manager + "\""));
    assertThat(check.<List<String>>read("$.Resources[*].id")).containsExactly(id);
  }

  @Test
  void shouldCreateUserWithExplicitNullsAndMatchByExternalId() {
    String ext = "ext-" + java.util.UUID.randomUUID();
    var r =
        scim.post(
            "/Users",
            "{\"schemas\":[\""
                + USER
                + "\"],\"externalId\":\""
                + ext
                + "\",\"userName\":\""
                + unique("nulls")
                + "\",\"ActiVe\":\"True\",\"roles\":[],\"addresses\":null,\"title\":null,"
                + "\"meta\":{\"resourceType\":\"User\"}}");

    assertThat(r.status()).as(r.body()).isEqualTo(201);
    assertThat(r.body()).contains("\"active\":true").doesNotContain("title");
    assertThat(
            scim.get("/Users?filter=" + ScimHttp.q("externalId eq \"" + ext + "\""))
                .<List<String>>read("$.Resources[*].id"))
        .containsExactly(r.<String>read("$.id"));
  }

  @Test
  void shouldReadOneLoginsLegacyCoreSchemaUrn() {
    var r =
        scim.post(
            "/Users",
            "{\"schemas\":[\"urn:scim:schemas:core:1.0\"],\"userName\":\"" + unique("ol") + "\"}");

    assertThat(r.status()).as(r.body()).isEqualTo(201);
    assertThat(r.<List<String>>read("$.schemas")).containsExactly(USER);
  }
}

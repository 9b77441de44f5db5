package app.reclaim.scim;

import static org.assertj.core.api.Assertions.assertThat;

import app.reclaim.IntegrationTest;
import app.reclaim.organizations.InstallOrganization;
import app.reclaim.organizations.OrganizationService;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;

/** A fresh org with a SCIM token (created through GraphQL, as an admin would) per test. */
abstract class ScimTest extends IntegrationTest {

  static final String USER = "urn:ietf:params:scim:schemas:core:2.0:User";
  static final String GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
  static final String PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
  static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

  @Autowired OrganizationService organizations;

  String orgId;
  String secret;
  ScimHttp scim;

  @BeforeEach
  void installWithToken() {
    orgId = freshOrgId();
    organizations.install(new InstallOrganization(orgId, "Initech", "eu"));
    secret = createToken(orgId, "Okta");
    scim = new ScimHttp(port, "Bearer " + secret);
  }

  String createToken(String org, String label) {
    var response =
        asAdmin(org)
            .post(
                """
        mutation($input: CreateScimTokenInput!) { createScimToken(input: $input) {
          token { id label } secret userErrors { code } } }""",
                java.util.Map.of("input", java.util.Map.of("label", label)));
    String s = response.json().read("$.data.createScimToken.secret");
    assertThat(s).startsWith("rscim_");
    return s;
  }

  static String user(String userName) {
    return """
        {"schemas":["%s"],"userName":"%s","name":{"givenName":"Ada","familyName":"Lovelace"},
         "emails":[{"value":"%s","type":"work","primary":true}],"active":true}"""
        .formatted(USER, userName, userName);
  }

  String createUser(String userName) {
    var r = scim.post("/Users", user(userName));
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.read("$.id");
  }

  String createGroup(String name) {
    var r =
        scim.post(
            "/Groups",
            "{\"schemas\":[\"" + GROUP + "\"],\"displayName\":\"" + name + "\",\"members\":[]}");
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.read("$.id");
  }

  static String patch(String operations) {
    return "{\"schemas\":[\"" + PATCH + "\"],\"Operations\":[" + operations + "]}";
  }

  static String unique(String prefix) {
    return prefix + java.util.UUID.randomUUID().toString().substring(0, 8) + "@example.com";
  }
}

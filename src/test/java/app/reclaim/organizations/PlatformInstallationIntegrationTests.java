package app.reclaim.organizations;

import static org.assertj.core.api.Assertions.assertThat;

import app.reclaim.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** POST /platform/installations: the platform's token installs orgs; nobody else's does. */
class PlatformInstallationIntegrationTests extends IntegrationTest {

  static final String PATH = "/platform/installations";

  @Autowired OrganizationService organizations;

  static String body(String orgId, String name, String region) {
    return "{\"orgId\":\"" + orgId + "\",\"name\":\"" + name + "\",\"region\":\"" + region + "\"}";
  }

  @Test
  void shouldInstallWith201AndAnswer200WhenAlreadyInstalledInTheSameRegion() {
    String orgId = freshOrgId();
    var created = asPlatform().postJson(PATH, body(orgId, "Vandelay", "de"));
    var again = asPlatform().postJson(PATH, body(orgId, "Vandelay Industries", "de"));

    assertThat(created.status()).isEqualTo(201);
    assertThat(created.contentType()).startsWith("application/json");
    assertThat((String) created.read("$.id")).isEqualTo(orgId);
    assertThat((String) created.read("$.name")).isEqualTo("Vandelay");
    assertThat((String) created.read("$.region")).isEqualTo("de");
    assertThat((String) created.read("$.state")).isEqualTo("ACTIVE");
    assertThat((String) created.read("$.installedAt")).isNotBlank();
    assertThat(again.status()).isEqualTo(200);
    assertThat((String) again.read("$.installedAt")).isEqualTo(created.read("$.installedAt"));
    assertThat(
            (String)
                asViewer(orgId)
                    .post("{ organization { name region } }")
                    .read("$.data.organization.name"))
        .isEqualTo("Vandelay Industries");
  }

  @Test
  void shouldAnswer400ListingTheValidRegionsForAnUnknownOne() {
    String orgId = freshOrgId();
    var response = asPlatform().postJson(PATH, body(orgId, "Vandelay", "mars"));

    assertThat(response.status()).isEqualTo(400);
    assertThat((String) response.read("$.error.code")).isEqualTo("UNKNOWN_REGION");
    assertThat((String) response.read("$.error.field")).isEqualTo("region");
    assertThat((String) response.read("$.error.message"))
        .contains("'mars'")
        .contains("au, ca, ch, de, eu, gb, global, in, jp, kr, sg, us");
    assertThat(organizations.find(orgId)).isEmpty();
  }

  @Test
  void shouldAnswer400ForInvalidInputAnotherRegionOrABodyThatIsNotJson() {
    String orgId = freshOrgId();
    asPlatform().postJson(PATH, body(orgId, "Vandelay", "eu"));

    var badId = asPlatform().postJson(PATH, body("bad id!", "Vandelay", "eu"));
    var blankName = asPlatform().postJson(PATH, body(freshOrgId(), " ", "eu"));
    var moved = asPlatform().postJson(PATH, body(orgId, "Vandelay", "us"));
    var notJson = asPlatform().postJson(PATH, "orgId=x");

    assertThat(badId.status()).isEqualTo(400);
    assertThat((String) badId.read("$.error.field")).isEqualTo("orgId");
    assertThat((String) blankName.read("$.error.code")).isEqualTo("REQUIRED");
    assertThat(moved.status()).isEqualTo(400);
    assertThat((String) moved.read("$.error.code")).isEqualTo("ALREADY_INSTALLED");
    assertThat(notJson.status()).isEqualTo(400);
    assertThat((String) notJson.read("$.error.code")).isEqualTo("MALFORMED_JSON");
    assertThat(organizations.find(orgId).orElseThrow().region()).isEqualTo("eu");
  }

  @Test
  void shouldAnswer401WithoutOrWithAnInvalidToken() {
    String orgId = freshOrgId();
    var none = anonymous().postJson(PATH, body(orgId, "Vandelay", "eu"));
    var invalid =
        withAuthorization("Bearer not-a-jwt").postJson(PATH, body(orgId, "Vandelay", "eu"));

    assertThat(none.status()).isEqualTo(401);
    assertThat((String) none.read("$.error.code")).isEqualTo("UNAUTHENTICATED");
    assertThat(none.header("WWW-Authenticate")).startsWith("Bearer");
    assertThat(invalid.status()).isEqualTo(401);
    assertThat(invalid.header("WWW-Authenticate")).contains("error=\"invalid_token\"");
    assertThat(organizations.find(orgId)).isEmpty();
  }

  @Test
  void shouldAnswer403ToAnOrgAdminsToken() {
    String adminsOrg = freshOrgId();
    organizations.install(new InstallOrganization(adminsOrg, "Admin's Org", "eu"));
    String orgId = freshOrgId();

    var response = asAdmin(adminsOrg).postJson(PATH, body(orgId, "Sneaky", "eu"));

    assertThat(response.status()).isEqualTo(403);
    assertThat((String) response.read("$.error.code")).isEqualTo("FORBIDDEN");
    assertThat(response.header("WWW-Authenticate")).contains("error=\"insufficient_scope\"");
    assertThat(organizations.find(orgId)).isEmpty();
  }
}

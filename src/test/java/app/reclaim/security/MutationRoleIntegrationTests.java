package app.reclaim.security;

import static org.assertj.core.api.Assertions.assertThat;

import app.reclaim.IntegrationTest;
import app.reclaim.organizations.InstallOrganization;
import app.reclaim.organizations.OrganizationService;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** VIEWER reads, ADMIN acts: the role check on mutations, and userErrors for bad input. */
class MutationRoleIntegrationTests extends IntegrationTest {

  static final String RENAME =
      """
      mutation Rename($name: String!) {
        updateOrganization(input: {name: $name}) {
          organization { id name region }
          userErrors { field message code }
        }
      }""";

  @Autowired OrganizationService organizations;

  String orgId;

  @BeforeEach
  void install() {
    orgId = freshOrgId();
    organizations.install(new InstallOrganization(orgId, "Hooli", "us"));
  }

  String storedName() {
    return organizations.find(orgId).orElseThrow().name();
  }

  @Test
  void shouldLetAnAdminRenameTheOrganization() {
    var response = asAdmin(orgId).post(RENAME, Map.of("name", "  Hooli XYZ  "));

    assertThat(response.status()).isEqualTo(200);
    assertThat((String) response.read("$.data.updateOrganization.organization.name"))
        .isEqualTo("Hooli XYZ");
    assertThat((String) response.read("$.data.updateOrganization.organization.region"))
        .isEqualTo("us");
    assertThat((List<?>) response.read("$.data.updateOrganization.userErrors")).isEmpty();
    assertThat(storedName()).isEqualTo("Hooli XYZ");
    assertThat(
            (String)
                asViewer(orgId).post("{ organization { name } }").read("$.data.organization.name"))
        .isEqualTo("Hooli XYZ");
  }

  @Test
  void shouldRefuseAViewersMutationBeforeAnyResolverRuns() {
    var response = asViewer(orgId).post(RENAME, Map.of("name", "Hacked"));

    assertThat((String) response.read("$.errors[0].extensions.code")).isEqualTo("FORBIDDEN");
    assertThat((String) response.read("$.errors[0].message"))
        .isEqualTo("mutations need the ADMIN role");
    // A request error in GraphQL over HTTP terms: nothing executed, no data, a 4xx status.
    assertThat(response.status()).isEqualTo(400);
    assertThat(response.body()).doesNotContain("\"data\"");
    assertThat(storedName()).isEqualTo("Hooli");
  }

  @Test
  void shouldRefuseAViewersMutationWhateverItsShape() {
    var aliased =
        asViewer(orgId)
            .post(
                """
        mutation { a: updateOrganization(input: {name: "A"}) { userErrors { code } }
                   b: updateOrganization(input: {name: "B"}) { userErrors { code } } }""");
    var invalid = asViewer(orgId).post(RENAME, Map.of("name", ""));

    assertThat((String) aliased.read("$.errors[0].extensions.code")).isEqualTo("FORBIDDEN");
    assertThat((List<?>) aliased.read("$.errors")).hasSize(1);
    assertThat((String) invalid.read("$.errors[0].extensions.code")).isEqualTo("FORBIDDEN");
    assertThat(storedName()).isEqualTo("Hooli");
  }

  @Test
  void shouldAnswerBlankOrTooLongNamesWithUserErrorsAndWriteNothing() {
    var blank = asAdmin(orgId).post(RENAME, Map.of("name", "   "));
    var tooLong = asAdmin(orgId).post(RENAME, Map.of("name", "x".repeat(201)));

    assertThat(blank.json().read("$.data.updateOrganization.organization", Object.class)).isNull();
    assertThat((List<String>) blank.read("$.data.updateOrganization.userErrors[0].field"))
        .containsExactly("input", "name");
    assertThat((String) blank.read("$.data.updateOrganization.userErrors[0].code"))
        .isEqualTo("BLANK");
    assertThat((String) tooLong.read("$.data.updateOrganization.userErrors[0].code"))
        .isEqualTo("TOO_LONG");
    assertThat((String) tooLong.read("$.data.updateOrganization.userErrors[0].message"))
        .isEqualTo("name must be at most 200 characters");
    assertThat(storedName()).isEqualTo("Hooli");
    assertThat(
            (String)
                asAdmin(orgId)
                    .post(RENAME, Map.of("name", "y".repeat(200)))
                    .read("$.data.updateOrganization.organization.name"))
        .hasSize(200);
  }

  @Test
  void shouldLetAViewerRead() {
    var response = asViewer(orgId).post("{ organization { id name } }");

    assertThat((String) response.read("$.data.organization.name")).isEqualTo("Hooli");
  }
}

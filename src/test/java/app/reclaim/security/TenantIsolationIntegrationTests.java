package app.reclaim.security;

import static org.assertj.core.api.Assertions.assertThat;

import app.reclaim.IntegrationTest;
import app.reclaim.organizations.InstallOrganization;
import app.reclaim.organizations.OrganizationService;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** With tokens for two orgs, neither the organization query nor the mutation reaches the other. */
class TenantIsolationIntegrationTests extends IntegrationTest {

  static final String QUERY = "{ organization { id name region } }";
  static final String RENAME =
      """
      mutation Rename($name: String!) {
        updateOrganization(input: {name: $name}) { organization { id name } userErrors { code } }
      }""";

  @Autowired OrganizationService organizations;

  String orgA;
  String orgB;

  @BeforeEach
  void installTwoOrgs() {
    orgA = freshOrgId();
    orgB = freshOrgId();
    organizations.install(new InstallOrganization(orgA, "Org A", "eu"));
    organizations.install(new InstallOrganization(orgB, "Org B", "us"));
  }

  @Test
  void shouldAnswerEachTokenWithItsOwnOrganizationOnly() {
    var a = asAdmin(orgA).post(QUERY);
    var b = asViewer(orgB).post(QUERY);

    assertThat((String) a.read("$.data.organization.id")).isEqualTo(orgA);
    assertThat(a.body()).doesNotContain(orgB).doesNotContain("Org B");
    assertThat((String) b.read("$.data.organization.id")).isEqualTo(orgB);
    assertThat(b.body()).doesNotContain(orgA).doesNotContain("Org A");
  }

  @Test
  void shouldRenameOnlyTheCallersOrganization() {
    var response = asAdmin(orgA).post(RENAME, Map.of("name", "Org A renamed"));

    assertThat((String) response.read("$.data.updateOrganization.organization.id")).isEqualTo(orgA);
    assertThat(organizations.find(orgA).orElseThrow().name()).isEqualTo("Org A renamed");
    assertThat(organizations.find(orgB).orElseThrow().name()).isEqualTo("Org B");
  }

  @Test
  void shouldOfferNoWayToNameAnotherOrganization() {
    var byArgument = asAdmin(orgA).post("{ organization(id: \"" + orgB + "\") { id } }");
    var byInput =
        asAdmin(orgA)
            .post(
                "mutation { updateOrganization(input: {name: \"x\", id: \""
                    + orgB
                    + "\"}) { userErrors { code } } }");

    assertThat((String) byArgument.read("$.errors[0].extensions.code")).isEqualTo("BAD_USER_INPUT");
    assertThat((String) byInput.read("$.errors[0].extensions.code")).isEqualTo("BAD_USER_INPUT");
    assertThat(byArgument.body()).doesNotContain("Org B");
    assertThat(organizations.find(orgB).orElseThrow().name()).isEqualTo("Org B");
  }

  @Test
  void shouldAnswerNotFoundForATokenOfAnOrgThatIsNotInstalled() {
    var response = asAdmin(freshOrgId()).post(QUERY);

    assertThat((String) response.read("$.errors[0].extensions.code")).isEqualTo("NOT_FOUND");
    assertThat(response.body()).doesNotContain(orgA).doesNotContain(orgB);
  }
}

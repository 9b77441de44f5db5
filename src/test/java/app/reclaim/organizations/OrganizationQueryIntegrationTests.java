package app.reclaim.organizations;

import static org.assertj.core.api.Assertions.assertThat;

import app.reclaim.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class OrganizationQueryIntegrationTests extends IntegrationTest {

  static final String QUERY = "{ organization { id name region installedAt } }";

  @Autowired OrganizationService organizations;

  @Test
  void shouldAnswerTheCallersOrganizationOverHttp() {
    String orgId = freshOrgId();
    var installed = organizations.install(new InstallOrganization(orgId, "Globex", "gb"));

    var response = asViewer(orgId).post(QUERY);

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.contentType()).startsWith("application/graphql-response+json");
    assertThat((String) response.read("$.data.organization.id")).isEqualTo(orgId);
    assertThat((String) response.read("$.data.organization.name")).isEqualTo("Globex");
    assertThat((String) response.read("$.data.organization.region")).isEqualTo("gb");
    assertThat((String) response.read("$.data.organization.installedAt"))
        .isEqualTo(installed.organization().installedAt().toString());
  }

  @Test
  void shouldAnswerUnauthenticatedWithoutACaller() {
    var response = anonymous().post(QUERY);

    assertThat(response.status()).isEqualTo(401);
    assertThat((String) response.read("$.errors[0].extensions.code")).isEqualTo("UNAUTHENTICATED");
  }

  @Test
  void shouldAnswerNotFoundForAnOrgThatIsNotInstalled() {
    var response = asAdmin(freshOrgId()).post(QUERY);

    assertThat((String) response.read("$.errors[0].extensions.code")).isEqualTo("NOT_FOUND");
    assertThat(response.body()).doesNotContain("Exception").doesNotContain("at app.reclaim");
  }

  @Test
  void shouldGiveSyntaxAndValidationErrorsACode() {
    var syntax = asAdmin("x").post("{ organization { id ");
    var unknownField = asAdmin("x").post("{ organization { secret } }");

    assertThat(syntax.status()).isEqualTo(400);
    assertThat((String) syntax.read("$.errors[0].extensions.code")).isEqualTo("BAD_USER_INPUT");
    assertThat(unknownField.status()).isEqualTo(400);
    assertThat((String) unknownField.read("$.errors[0].extensions.code"))
        .isEqualTo("BAD_USER_INPUT");
  }

  @Test
  void shouldReportCassandraUpInHealth() {
    var health = anonymous().get("/actuator/health");

    assertThat(health.status()).isEqualTo(200);
    assertThat((String) health.read("$.status")).isEqualTo("UP");
    assertThat((String) health.read("$.components.cassandra.status")).isEqualTo("UP");
  }
}

package app.reclaim.atlassian;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.reclaim.IntegrationTest;
import app.reclaim.atlassian.AdminApiHealth.BreakerState;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The client as the application wires it: bound policy, keys from the encrypted credentials,
 * health.
 */
class AdminApiContextIntegrationTests extends IntegrationTest {

  @Autowired private AdminApi adminApi;

  @Autowired private AdminApiHealth health;

  @Autowired private AtlassianProperties properties;

  @Autowired private ApiKeyProvider apiKeyProvider;

  @Autowired private app.reclaim.organizations.OrganizationService organizations;

  @Test
  void shouldTreatAnOrgThatIsNotInstalledAsHavingNoKey() {
    assertThat(apiKeyProvider.apiKey(freshOrgId())).isEmpty();
  }

  @Test
  void shouldWireTheHttpClientWithTheTestPolicy() {
    assertThat(adminApi).isInstanceOf(HttpAdminApi.class);
    assertThat(apiKeyProvider).isInstanceOf(CredentialsApiKeyProvider.class);
    assertThat(properties.retry().serverWaitScale()).isLessThan(1.0);
    assertThat(health.breakerState(freshOrgId())).isEqualTo(BreakerState.CLOSED);
  }

  @Test
  void shouldRejectAnOrgWithoutKeyWithoutCallingUpstream() {
    String org = freshOrgId();
    organizations.install(new app.reclaim.organizations.InstallOrganization(org, "No key", "eu"));

    assertThatThrownBy(() -> adminApi.directories(org, null))
        .isInstanceOfSatisfying(
            AdminApiException.Rejected.class, e -> assertThat(e.status()).isEqualTo(401));
    assertThat(health.breakerState(org)).isEqualTo(BreakerState.CLOSED);
  }
}

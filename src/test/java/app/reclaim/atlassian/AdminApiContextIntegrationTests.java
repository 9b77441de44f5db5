package app.reclaim.atlassian;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.reclaim.IntegrationTest;
import app.reclaim.atlassian.AdminApiHealth.BreakerState;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The client as the application wires it: bound policy, the dev/test key provider, health. */
class AdminApiContextIntegrationTests extends IntegrationTest {

  @Autowired
  private AdminApi adminApi;

  @Autowired
  private AdminApiHealth health;

  @Autowired
  private AtlassianProperties properties;

  @Autowired
  private ApiKeyProvider apiKeyProvider;

  @Test
  void shouldWireTheHttpClientWithTheTestPolicy() {
    assertThat(adminApi).isInstanceOf(HttpAdminApi.class);
    assertThat(apiKeyProvider).isInstanceOf(StaticApiKeyProvider.class);
    assertThat(properties.retry().serverWaitScale()).isLessThan(1.0);
    assertThat(health.breakerState(freshOrgId())).isEqualTo(BreakerState.CLOSED);
  }

  @Test
  void shouldRejectAnOrgWithoutKeyWithoutCallingUpstream() {
    String org = freshOrgId();

    assertThatThrownBy(() -> adminApi.directories(org, null))
        .isInstanceOfSatisfying(AdminApiException.Rejected.class, e -> assertThat(e.status()).isEqualTo(401));
    assertThat(health.breakerState(org)).isEqualTo(BreakerState.CLOSED);
  }
}

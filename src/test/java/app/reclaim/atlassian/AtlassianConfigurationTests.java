package app.reclaim.atlassian;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/**
 * Which {@link ApiKeyProvider} the client gets: the dev/test static keys only while no other
 * provider is a bean, so the vault's adapter (a component of its own) replaces them without other
 * changes.
 */
class AtlassianConfigurationTests {

  @Configuration(proxyBeanMethods = false)
  @EnableConfigurationProperties(AtlassianProperties.class)
  static class Properties {}

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withUserConfiguration(Properties.class, AtlassianConfiguration.class)
          .withPropertyValues("reclaim.atlassian.static-keys.acme=dev-key");

  @Test
  void shouldReadStaticKeysWhileNoOtherProviderExists() {
    runner.run(
        context -> {
          assertThat(context)
              .hasSingleBean(ApiKeyProvider.class)
              .hasBean("staticApiKeyProvider")
              .hasSingleBean(AdminApi.class)
              .hasSingleBean(AdminApiHealth.class);
          assertThat(context.getBean(ApiKeyProvider.class).apiKey("acme")).contains("dev-key");
          assertThat(context.getBean(ApiKeyProvider.class).apiKey("other")).isEmpty();
        });
  }

  @Test
  void shouldStepAsideForAnotherProvider() {
    ApiKeyProvider vault = orgId -> Optional.of("from-vault");
    runner
        .withBean("credentialsApiKeyProvider", ApiKeyProvider.class, () -> vault)
        .run(
            context -> {
              assertThat(context)
                  .hasSingleBean(ApiKeyProvider.class)
                  .doesNotHaveBean("staticApiKeyProvider");
              assertThat(context.getBean(ApiKeyProvider.class)).isSameAs(vault);
            });
  }
}

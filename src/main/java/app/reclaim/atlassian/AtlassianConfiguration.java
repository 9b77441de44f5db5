package app.reclaim.atlassian;

import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The admin-API client's beans: {@code adminApi} ({@link AdminApi}), {@code adminApiHealth}, the
 * per-org {@code adminApiPolicy}, and, only while no other {@link ApiKeyProvider} exists, the
 * development/test {@code staticApiKeyProvider}.
 */
@Configuration(proxyBeanMethods = false)
class AtlassianConfiguration {

  @Bean
  ResiliencePolicy adminApiPolicy(AtlassianProperties properties) {
    return new ResiliencePolicy(properties);
  }

  @Bean
  HttpAdminApi adminApi(
      AtlassianProperties properties,
      ApiKeyProvider apiKeyProvider,
      ResiliencePolicy adminApiPolicy) {
    return new HttpAdminApi(properties, apiKeyProvider, adminApiPolicy, Clock.systemUTC());
  }

  @Bean
  AdminApiHealth adminApiHealth(ResiliencePolicy adminApiPolicy) {
    return new AdminApiHealth(adminApiPolicy);
  }

  /**
   * Dev/test only. The vault's provider replaces it by being a bean of its own: declare it as a
   * {@code @Component} in this package (an adapter over the organizations module's credentials),
   * which is registered before this condition is evaluated.
   */
  @Bean
  @ConditionalOnMissingBean(ApiKeyProvider.class)
  ApiKeyProvider staticApiKeyProvider(AtlassianProperties properties) {
    return new StaticApiKeyProvider(properties.staticKeys());
  }
}

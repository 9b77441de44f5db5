package app.reclaim.atlassian;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.reclaim.atlassian.AtlassianProperties.RetryPolicy;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;

/** The {@code reclaim.atlassian} block of the YAML files, bound as the application binds it. */
class AtlassianPropertiesTests {

  @Test
  void shouldDocumentInApplicationYamlExactlyTheDefaultsOfTheCode() throws IOException {
    AtlassianProperties bound = bind("application.yaml");

    assertThat(bound).isEqualTo(AtlassianProperties.defaults(AtlassianProperties.DEFAULT_BASE_URL));
    assertThat(bound.rateLimit().requestsPerPeriod()).isEqualTo(5);
    assertThat(bound.rateLimit().period()).isEqualTo(Duration.ofSeconds(1));
    assertThat(bound.retry().serverWaitScale()).isEqualTo(1.0);
  }

  @Test
  void shouldScaleEveryWaitDownForTests() throws IOException {
    AtlassianProperties bound =
        bind(
            Map.of("reclaim.simulator.base-url", "http://127.0.0.1:18081/admin"),
            "application.yaml",
            "application-test.yaml");

    assertThat(bound.baseUrl())
        .as("tests talk to the simulator")
        .isEqualTo(URI.create("http://127.0.0.1:18081/admin"));
    assertThat(bound.retry().initialBackoff()).isLessThanOrEqualTo(Duration.ofMillis(10));
    assertThat(bound.retry().maxBackoff()).isLessThanOrEqualTo(Duration.ofMillis(50));
    assertThat(bound.retry().serverWaitScale()).isLessThanOrEqualTo(0.01);
    assertThat(bound.circuitBreaker().waitInOpen()).isLessThanOrEqualTo(Duration.ofSeconds(1));
    assertThat(bound.rateLimit().requestsPerPeriod()).isGreaterThanOrEqualTo(1000);
  }

  @Test
  void shouldRefuseValuesThatMakeNoSense() {
    assertThatThrownBy(() -> new RetryPolicy(3, Duration.ofMillis(-1), 2, null, null, null, null))
        .hasMessageContaining("reclaim.atlassian.retry.initial-backoff");
    assertThatThrownBy(() -> new RetryPolicy(3, null, 0.5, null, null, null, null))
        .hasMessageContaining("multiplier");
    assertThatThrownBy(() -> new RetryPolicy(3, null, 2, null, 1.5, null, null))
        .hasMessageContaining("jitter");
    assertThatThrownBy(
            () ->
                new AtlassianProperties(
                    URI.create("api.atlassian.com"), null, null, null, null, null, null, null))
        .hasMessageContaining("base-url");
  }

  @Test
  void shouldNeverPrintStaticKeys() {
    AtlassianProperties properties =
        new AtlassianProperties(
            null, null, null, Map.of("acme", "s3cr3t-key"), null, null, null, null);

    assertThat(properties.toString()).contains("acme").doesNotContain("s3cr3t-key");
  }

  private static AtlassianProperties bind(String... files) throws IOException {
    return bind(Map.of(), files);
  }

  private static AtlassianProperties bind(Map<String, Object> extra, String... files)
      throws IOException {
    StandardEnvironment environment = new StandardEnvironment();
    environment
        .getPropertySources()
        .addFirst(new org.springframework.core.env.MapPropertySource("extra", extra));
    for (String file : files) {
      // The first document of each file: the one without a profile condition.
      environment
          .getPropertySources()
          .addFirst(new YamlPropertySourceLoader().load(file, new ClassPathResource(file)).get(0));
    }
    environment.getPropertySources().remove("extra");
    environment
        .getPropertySources()
        .addLast(new org.springframework.core.env.MapPropertySource("extra", extra));
    return Binder.get(environment).bind("reclaim.atlassian", AtlassianProperties.class).get();
  }
}

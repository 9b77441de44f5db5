package app.reclaim.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The {@code reclaim.simulator.*} keys README.md documents, bound as an operator writes them. */
class SimulatorPropertiesTests {

  static SimulatorProperties bind(Map<String, String> values) {
    return new Binder(new MapConfigurationPropertySource(values))
        .bindOrCreate("reclaim.simulator", SimulatorProperties.class);
  }

  @Test
  void shouldBindOrgsAndFaults() {
    SimulatorProperties properties =
        bind(
            Map.ofEntries(
                Map.entry("reclaim.simulator.enabled", "true"),
                Map.entry("reclaim.simulator.port", "0"),
                Map.entry("reclaim.simulator.orgs[0].id", "acme"),
                Map.entry("reclaim.simulator.orgs[0].name", "Acme"),
                Map.entry("reclaim.simulator.orgs[0].seed", "42"),
                Map.entry("reclaim.simulator.orgs[0].users", "100000"),
                Map.entry("reclaim.simulator.orgs[0].groups", "500"),
                Map.entry("reclaim.simulator.orgs[0].directories", "3"),
                Map.entry("reclaim.simulator.orgs[0].realm", "DE"),
                Map.entry("reclaim.simulator.orgs[0].api-key", "acme-key"),
                Map.entry("reclaim.simulator.faults.rate-limit", "10"),
                Map.entry("reclaim.simulator.faults.burst-every", "50"),
                Map.entry("reclaim.simulator.faults.burst-length", "5"),
                Map.entry("reclaim.simulator.faults.retry-after", "0s"),
                Map.entry("reclaim.simulator.faults.error-rate", "0.2"),
                Map.entry("reclaim.simulator.faults.error-seed", "7"),
                Map.entry("reclaim.simulator.faults.latency", "20ms"),
                Map.entry("reclaim.simulator.faults.latency-max", "80ms"),
                Map.entry("reclaim.simulator.faults.outage-from", "2030-01-01T00:00:00Z"),
                Map.entry("reclaim.simulator.faults.outage-until", "2030-01-01T01:00:00Z")));

    assertThat(properties.port()).isZero();
    assertThat(properties.orgs())
        .containsExactly(new OrgSpec("acme", "Acme", 42L, 100_000, 500, 3, "de", "acme-key"));
    assertThat(properties.faults())
        .isEqualTo(
            new FaultSettings(
                10,
                50,
                5,
                Duration.ZERO,
                0.2,
                7,
                Duration.ofMillis(20),
                Duration.ofMillis(80),
                Instant.parse("2030-01-01T00:00:00Z"),
                Instant.parse("2030-01-01T01:00:00Z")));
  }

  @Test
  void shouldDefaultToTheDemoOrgOnPort8081WithoutFaults() {
    SimulatorProperties properties = bind(Map.of());

    assertThat(properties.enabled()).isFalse();
    assertThat(properties.port()).isEqualTo(8081);
    assertThat(properties.orgs())
        .singleElement()
        .satisfies(
            org -> {
              assertThat(org.id()).isEqualTo("demo");
              assertThat(org.users()).isEqualTo(2_000);
              assertThat(org.groups()).isEqualTo(60);
              assertThat(org.directories()).isEqualTo(1);
              assertThat(org.apiKey()).isEqualTo(OrgSpec.DEMO_API_KEY);
            });
    assertThat(properties.faults()).isEqualTo(FaultSettings.NONE);
  }

  @Test
  void shouldKeepTheDemoKeyWhenOnlyTheDemoSizeIsOverridden() {
    // A list set on the command line replaces the whole list from application.yaml.
    assertThat(bind(Map.of("reclaim.simulator.orgs[0].users", "100000")).orgs())
        .singleElement()
        .satisfies(org -> assertThat(org.apiKey()).isEqualTo(OrgSpec.DEMO_API_KEY))
        .satisfies(org -> assertThat(org.users()).isEqualTo(100_000));
  }

  @Test
  void shouldRefuseImpossibleValues() {
    assertThatThrownBy(() -> bind(Map.of("reclaim.simulator.orgs[0].users", "-1")))
        .isInstanceOf(BindException.class);
    assertThatThrownBy(() -> bind(Map.of("reclaim.simulator.faults.error-rate", "1.5")))
        .isInstanceOf(BindException.class);
    assertThatThrownBy(
            () -> bind(Map.of("reclaim.simulator.faults.outage-from", "2030-01-01T00:00:00Z")))
        .isInstanceOf(BindException.class);
    assertThatThrownBy(
            () ->
                bind(
                    Map.of(
                        "reclaim.simulator.orgs[0].id", "a", "reclaim.simulator.orgs[1].id", "a")))
        .isInstanceOf(BindException.class);
  }
}

package app.reclaim.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.validation.Validation;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.validation.ValidationBindHandler;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.beanvalidation.SpringValidatorAdapter;

/** What application.yaml gives each profile: the shipped configuration, read as Boot reads it. */
class GraphQlConfigurationTests {

  static StandardEnvironment environment(String... profiles) {
    var environment = new StandardEnvironment();
    ConfigDataEnvironmentPostProcessor.applyTo(environment, null, null, profiles);
    return environment;
  }

  @Test
  void shouldServeIntrospectionByDefault() {
    var environment = environment();

    assertThat(
            environment.getProperty("spring.graphql.schema.introspection.enabled", Boolean.class))
        .isTrue();
  }

  @Test
  void shouldSwitchIntrospectionOffInProdUnlessTheOperatorTurnsItOn() {
    var prod = environment("prod");
    var turnedOn = environment("prod");
    turnedOn
        .getPropertySources()
        .addFirst(
            new MapPropertySource(
                "args", Map.of("spring.graphql.schema.introspection.enabled", "true")));

    assertThat(prod.getProperty("spring.graphql.schema.introspection.enabled", Boolean.class))
        .isFalse();
    assertThat(turnedOn.getProperty("spring.graphql.schema.introspection.enabled", Boolean.class))
        .isTrue();
  }

  @Test
  void shouldShipTheDocumentedLimitsAsTheRecordsDefaults() {
    var configured =
        Binder.get(environment("prod")).bind("reclaim.graphql", GraphQlLimits.class).get();
    var unconfigured =
        Binder.get(new StandardEnvironment()).bindOrCreate("reclaim.graphql", GraphQlLimits.class);

    assertThat(configured).isEqualTo(GraphQlLimits.defaults()).isEqualTo(unconfigured);
    assertThat(configured.maxDocumentSize()).isEqualTo(DataSize.ofKilobytes(32));
  }

  @Test
  void shouldRefuseALimitBelowItsMinimum() {
    var environment = new StandardEnvironment();
    environment
        .getPropertySources()
        .addFirst(new MapPropertySource("args", Map.of("reclaim.graphql.max-depth", "0")));
    var validator =
        new SpringValidatorAdapter(Validation.buildDefaultValidatorFactory().getValidator());

    assertThatThrownBy(
            () ->
                Binder.get(environment)
                    .bind(
                        "reclaim.graphql",
                        Bindable.of(GraphQlLimits.class),
                        new ValidationBindHandler(validator)))
        .isInstanceOf(BindException.class)
        .hasStackTraceContaining("maxDepth");
  }
}

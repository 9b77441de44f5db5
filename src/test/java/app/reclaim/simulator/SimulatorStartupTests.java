package app.reclaim.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.reclaim.simulator.SimulatorEnvironment.SimulatorInProductionException;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** The simulator never runs in production, and its URL is known before any bean needs it. */
class SimulatorStartupTests {

  @Configuration(proxyBeanMethods = false)
  @EnableConfigurationProperties(SimulatorProperties.class)
  @Import(SimulatorConfiguration.class)
  static class SimulatorOnly {}

  static ConfigurableApplicationContext run(String... args) {
    SpringApplication application = new SpringApplication(SimulatorOnly.class);
    application.setWebApplicationType(WebApplicationType.NONE);
    return application.run(args);
  }

  @Test
  void shouldRefuseToStartTheProdProfileWithTheSimulatorEnabled() {
    assertThatThrownBy(
            () -> run("--spring.profiles.active=prod", "--reclaim.simulator.enabled=true"))
        .isInstanceOf(SimulatorInProductionException.class)
        .hasMessageContaining("reclaim.simulator.enabled=true is refused in the prod profile");
  }

  @Test
  void shouldEndTheLaunchedServerWithAClearReasonAndNoStackTrace() throws Exception {
    String classpath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Process process =
        new ProcessBuilder(
                List.of(
                    new File(System.getProperty("java.home"), "bin/java").getPath(),
                    "-cp",
                    classpath,
                    "app.reclaim.ReclaimApplication",
                    "--spring.profiles.active=prod",
                    "--reclaim.simulator.enabled=true"))
            .redirectErrorStream(true)
            .start();
    boolean exited = process.waitFor(60, TimeUnit.SECONDS);
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(exited).isTrue();
    assertThat(process.exitValue()).isNotZero();
    assertThat(output)
        .contains("reclaim: reclaim.simulator.enabled=true is refused in the prod profile");
    assertThat(output.lines().filter(l -> l.startsWith("\tat ") || l.contains("Exception:")))
        .isEmpty();
  }

  @Test
  void shouldStartNothingInProdWhenDisabled() {
    try (ConfigurableApplicationContext context = run("--spring.profiles.active=prod")) {
      assertThat(context.getBeansOfType(AdminApiSimulator.class)).isEmpty();
      assertThat(context.getEnvironment().getProperty(SimulatorEnvironment.BASE_URL)).isNull();
    }
  }

  @Test
  void shouldPublishTheBaseUrlOfAFreePortBeforeTheServerStarts() {
    try (ConfigurableApplicationContext context =
        run(
            "--reclaim.simulator.port=0",
            "--reclaim.simulator.orgs[0].users=10",
            "--reclaim.simulator.orgs[0].groups=2")) {
      AdminApiSimulator simulator = context.getBean(AdminApiSimulator.class);

      assertThat(context.getEnvironment().getProperty(SimulatorEnvironment.BASE_URL))
          .isEqualTo(simulator.baseUrl())
          .matches("http://127\\.0\\.0\\.1:\\d+/admin");
      assertThat(simulator.port()).isNotZero().isNotEqualTo(SimulatorProperties.DEFAULT_PORT);
      assertThat(simulator.orgIds()).containsExactly(OrgSpec.DEMO_ORG_ID);
      assertThat(simulator.apiKey(OrgSpec.DEMO_ORG_ID)).isEqualTo(OrgSpec.DEMO_API_KEY);
      assertThat(simulator.state(OrgSpec.DEMO_ORG_ID).users()).hasSize(10);
    }
  }

  @Test
  void shouldNotCreateTheBeanWhenDisabled() {
    new ApplicationContextRunner()
        .withUserConfiguration(SimulatorOnly.class)
        .withPropertyValues("reclaim.simulator.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean(AdminApiSimulator.class));
  }
}

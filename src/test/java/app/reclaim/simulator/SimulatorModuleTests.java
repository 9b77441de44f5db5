package app.reclaim.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import app.reclaim.ReclaimApplication;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModule;
import org.springframework.modulith.core.ApplicationModules;

/** Nothing in production may use the simulator, and it uses nothing of Reclaim. */
class SimulatorModuleTests {

  @Test
  void shouldBeUsedByNoOtherModuleAndUseNone() {
    ApplicationModules modules = ApplicationModules.of(ReclaimApplication.class);
    ApplicationModule simulator = modules.getModuleByName("simulator").orElseThrow();

    assertThat(modules.stream().filter(m -> m != simulator))
        .noneMatch(m -> m.getDirectDependencies(modules).contains(simulator));
    assertThat(simulator.getDirectDependencies(modules).isEmpty()).isTrue();
  }
}

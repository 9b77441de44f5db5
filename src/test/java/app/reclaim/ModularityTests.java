package app.reclaim;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

/**
 * Keeps the arrows of DESIGN.md's module table true: no cycles, modules use each other only through
 * their root packages, and only the dependencies each package-info allows.
 */
class ModularityTests {

  @Test
  void shouldKeepTheModuleDependenciesOfTheDesign() {
    ApplicationModules.of(ReclaimApplication.class).verify();
  }
}

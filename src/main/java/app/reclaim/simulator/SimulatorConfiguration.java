package app.reclaim.simulator;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Starts the simulator as a bean when {@code reclaim.simulator.enabled} is true (the local and test
 * profiles); {@link SimulatorEnvironment} has already refused the prod profile by then.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty("reclaim.simulator.enabled")
class SimulatorConfiguration {

  @Bean(destroyMethod = "stop")
  AdminApiSimulator adminApiSimulator(SimulatorProperties properties) {
    return new AdminApiSimulator(properties).start();
  }
}

package app.reclaim.simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Runs once the configuration files are read, before any bean: refuses the prod profile with the
 * simulator on (it serves a fake admin API with a published key), and publishes {@code
 * reclaim.simulator.base-url} so that a client's configuration can point at the simulator with
 * {@code ${reclaim.simulator.base-url}}. Port 0 is resolved to a free port here, so that the URL is
 * known before the server starts.
 */
public final class SimulatorEnvironment implements EnvironmentPostProcessor, Ordered {

  static final String BASE_URL = "reclaim.simulator.base-url";

  @Override
  public int getOrder() {
    return ConfigDataEnvironmentPostProcessor.ORDER + 1;
  }

  @Override
  public void postProcessEnvironment(
      ConfigurableEnvironment environment, SpringApplication application) {
    Binder binder = Binder.get(environment);
    if (!binder.bind("reclaim.simulator.enabled", Boolean.class).orElse(false)) {
      return;
    }
    if (environment.matchesProfiles("prod")) {
      throw new SimulatorInProductionException();
    }
    int port =
        binder
            .bind("reclaim.simulator.port", Integer.class)
            .orElse(SimulatorProperties.DEFAULT_PORT);
    int actual = port == 0 ? freePort() : port;
    environment
        .getPropertySources()
        .addFirst(
            new MapPropertySource(
                "reclaimSimulator",
                Map.of(
                    "reclaim.simulator.port",
                    actual,
                    BASE_URL,
                    "http://127.0.0.1:" + actual + SimulatorServer.BASE_PATH)));
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("admin API simulator: no free port on 127.0.0.1", e);
    }
  }

  /** The prod profile with the simulator enabled: the application does not start. */
  public static final class SimulatorInProductionException extends IllegalStateException {

    static final String MESSAGE =
        "reclaim.simulator.enabled=true is refused in the prod profile: the"
            + " simulator is a fake Atlassian admin API with a published demo key, for the demo and tests only";

    SimulatorInProductionException() {
      super(MESSAGE);
    }
  }
}

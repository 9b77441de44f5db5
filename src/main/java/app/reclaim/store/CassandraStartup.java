package app.reclaim.store;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Runs before the application context of the launched server: with no contact point configured (and
 * {@code reclaim.cassandra.local.enabled}), starts or reuses the project's local node through
 * {@code cassandra/cassandra.sh}; with contact points configured, checks that one answers, so that
 * an unreachable cluster is one clear line and a non-zero exit rather than a driver stack trace.
 */
public final class CassandraStartup
    implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {

  static final String CONTACT_POINTS = "spring.cassandra.contact-points";

  @Override
  public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
    ConfigurableEnvironment env = event.getEnvironment();
    Binder binder = Binder.get(env);
    List<String> contactPoints =
        binder.bind(CONTACT_POINTS, Bindable.listOf(String.class)).orElse(List.of());
    boolean prod = env.matchesProfiles("prod");
    boolean localEnabled =
        !prod && binder.bind("reclaim.cassandra.local.enabled", Boolean.class).orElse(true);
    if (contactPoints.isEmpty() && prod) {
      fail("the prod profile needs " + CONTACT_POINTS + " (host:port of your Cassandra cluster)");
    }
    if (contactPoints.isEmpty() && localEnabled) {
      int port = binder.bind("reclaim.cassandra.local.port", Integer.class).orElse(9042);
      String dir =
          binder.bind("reclaim.cassandra.local.dir", String.class).orElse(".local/cassandra");
      int storagePort =
          binder.bind("reclaim.cassandra.local.storage-port", Integer.class).orElse(7000);
      startLocalNode(port, storagePort, dir);
      env.getPropertySources()
          .addFirst(
              new MapPropertySource(
                  "reclaimLocalCassandra", Map.of(CONTACT_POINTS, "127.0.0.1:" + port)));
      return;
    }
    if (contactPoints.isEmpty()) {
      fail(
          "no Cassandra configured: set "
              + CONTACT_POINTS
              + " or enable the local node (reclaim.cassandra.local.enabled=true)");
    }
    int defaultPort = binder.bind("spring.cassandra.port", Integer.class).orElse(9042);
    checkReachable(contactPoints, defaultPort);
  }

  private static void startLocalNode(int port, int storagePort, String dir) {
    File script = new File("cassandra/cassandra.sh");
    if (!script.isFile()) {
      fail(
          "no contact point configured and "
              + script.getAbsolutePath()
              + " not found: run from the"
              + " repository root, or set "
              + CONTACT_POINTS);
    }
    try {
      Process process =
          new ProcessBuilder(
                  "bash",
                  script.getPath(),
                  "start",
                  "--dir",
                  dir,
                  "--port",
                  Integer.toString(port),
                  "--storage-port",
                  Integer.toString(storagePort))
              .inheritIO()
              .start();
      int exit = process.waitFor();
      if (exit != 0) {
        fail(
            "the local Cassandra did not start (exit "
                + exit
                + "); its log is under "
                + dir
                + "/logs");
      }
    } catch (IOException e) {
      fail("could not run " + script + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      fail("interrupted while starting the local Cassandra");
    }
  }

  static void checkReachable(List<String> contactPoints, int defaultPort) {
    String lastError = "";
    for (String point : contactPoints) {
      String host = point;
      int port = defaultPort;
      int colon = point.lastIndexOf(':');
      if (colon > 0 && !point.endsWith("]")) {
        host = point.substring(0, colon);
        port = Integer.parseInt(point.substring(colon + 1));
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(host, port), 3000);
        return;
      } catch (IOException e) {
        lastError = e.getMessage();
      }
    }
    fail(
        "Cassandra is not reachable at "
            + String.join(", ", contactPoints)
            + " ("
            + CONTACT_POINTS
            + "): "
            + lastError);
  }

  private static void fail(String message) {
    System.err.println("reclaim: " + message);
    System.exit(1);
  }
}

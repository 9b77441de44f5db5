package app.reclaim;

import app.reclaim.security.MintToken;
import app.reclaim.security.SecurityStartup;
import app.reclaim.store.CassandraStartup;
import java.util.Arrays;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class ReclaimApplication {

  public static void main(String[] args) {
    if (args.length > 0 && MintToken.COMMAND.equals(args[0])) {
      // A command, not the server: no Spring, no Cassandra, the token alone on standard output.
      System.exit(MintToken.run(Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
    }
    SpringApplication app = new SpringApplication(ReclaimApplication.class);
    // Only the launched server starts or checks Cassandra before the context: tests bring their own
    // node.
    // The key check comes second so that an unreachable cluster is reported first.
    app.addListeners(new CassandraStartup(), new SecurityStartup());
    app.run(args);
  }
}

package app.reclaim;

import app.reclaim.store.CassandraStartup;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class ReclaimApplication {

  public static void main(String[] args) {
    SpringApplication app = new SpringApplication(ReclaimApplication.class);
    // Only the launched server starts or checks Cassandra before the context: tests bring their own node.
    app.addListeners(new CassandraStartup());
    app.run(args);
  }
}

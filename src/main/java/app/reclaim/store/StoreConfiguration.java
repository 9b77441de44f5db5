package app.reclaim.store;

import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import java.time.Duration;
import org.springframework.boot.cassandra.autoconfigure.DriverConfigLoaderBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class StoreConfiguration {

  /**
   * The driver's default 1 s schema-refresh debounce dominates DDL time (CASSANDRA-LOCAL.md: about
   * 1.1 s per CREATE TABLE, 0.25 s at 50 ms); the migrator also switches schema metadata off while
   * it runs. The Java clock avoids loading jnr at start.
   */
  /**
   * Named expiring leases (LWT) in the control keyspace: one sync, one run, one scheduler at a
   * time.
   */
  @Bean
  Leases leases(com.datastax.oss.driver.api.core.CqlSession session, RegionKeyspaces keyspaces) {
    return new Leases(session, keyspaces.control());
  }

  @Bean
  DriverConfigLoaderBuilderCustomizer reclaimDriverOptions() {
    return builder ->
        builder
            .withDuration(DefaultDriverOption.METADATA_SCHEMA_WINDOW, Duration.ofMillis(50))
            .withBoolean(DefaultDriverOption.TIMESTAMP_GENERATOR_FORCE_JAVA_CLOCK, true)
            .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(10));
  }
}

package app.reclaim.cleanup;

import app.reclaim.atlassian.AdminApi;
import app.reclaim.atlassian.ApiKeyProvider;
import app.reclaim.directory.DirectoryWriter;
import app.reclaim.organizations.OrganizationService;
import app.reclaim.organizations.SettingsService;
import app.reclaim.rules.RuleService;
import app.reclaim.store.Leases;
import app.reclaim.support.LogPrivacy;
import com.datastax.oss.driver.api.core.CqlSession;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class CleanupConfiguration {

  @Bean
  CleanupRepository cleanupRepository(CqlSession session, OrganizationService organizations) {
    return new CleanupRepository(session, organizations.statements());
  }

  @Bean
  CleanupRetention cleanupRetention(
      CleanupRepository repository,
      SettingsService settings,
      OrganizationService organizations,
      Leases leases,
      LogPrivacy logPrivacy) {
    return new CleanupRetention(repository, settings, organizations, leases, logPrivacy);
  }

  @Bean(destroyMethod = "shutdownNow")
  ExecutorService cleanupExecutor(CleanupProperties properties) {
    AtomicInteger n = new AtomicInteger();
    return Executors.newFixedThreadPool(
        properties.maxConcurrentRuns(),
        r -> {
          Thread thread = new Thread(r, "cleanup-run-" + n.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        });
  }

  @Bean
  Shutdown cleanupShutdown() {
    return new Shutdown();
  }

  @Bean
  CleanupLifecycle cleanupLifecycle(Shutdown cleanupShutdown, CleanupService cleanupService) {
    return new CleanupLifecycle(cleanupShutdown, cleanupService);
  }

  @Bean
  CleanupService cleanupService(
      Shutdown cleanupShutdown,
      AdminApi api,
      DirectoryWriter writer,
      CleanupRepository repository,
      Leases leases,
      CleanupProperties properties,
      Clock clock,
      RuleService rules,
      ApiKeyProvider keys,
      OrganizationService organizations,
      ExecutorService cleanupExecutor,
      LogPrivacy logPrivacy,
      SettingsService settings,
      app.reclaim.atlassian.AtlassianProperties atlassian) {
    requireLeaseCoversRequests(properties, atlassian);
    CleanupRunner runner =
        new CleanupRunner(
            api,
            writer,
            repository,
            leases,
            properties,
            clock,
            organizations,
            logPrivacy,
            settings,
            cleanupShutdown);
    CleanupRestorer restorer =
        new CleanupRestorer(
            api,
            writer,
            repository,
            leases,
            properties,
            organizations,
            logPrivacy,
            cleanupShutdown);
    return new CleanupService(
        runner,
        restorer,
        repository,
        rules,
        keys,
        organizations,
        leases,
        cleanupExecutor,
        logPrivacy,
        writer,
        settings,
        clock);
  }

  /**
   * A run's holder sends a request only while its lease is valid for the request timeout: counted
   * on for TTL - 1 s after each renewal, renewed every quarter TTL. A lease too short for that
   * would make every item wait for ever, so it is refused at startup.
   */
  static void requireLeaseCoversRequests(
      CleanupProperties properties, app.reclaim.atlassian.AtlassianProperties atlassian) {
    java.time.Duration ttl = properties.leaseTtl();
    java.time.Duration worstValidity = ttl.minusSeconds(1).minus(ttl.dividedBy(4));
    java.time.Duration needed = atlassian.requestTimeout().plusMillis(500);
    if (worstValidity.compareTo(needed) < 0) {
      throw new IllegalStateException(
          "reclaim.cleanup.lease-ttl ("
              + ttl.toMillis()
              + " ms) is too short for reclaim.atlassian.request-timeout ("
              + atlassian.requestTimeout().toMillis()
              + " ms): a run sends a request only while its lease covers it; use a lease-ttl of"
              + " at least "
              + (needed.plusSeconds(1).toMillis() * 4 / 3 + 1)
              + " ms");
    }
  }
}

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
      SettingsService settings) {
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
}

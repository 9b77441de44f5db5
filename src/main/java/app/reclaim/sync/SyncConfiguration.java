package app.reclaim.sync;

import app.reclaim.atlassian.AdminApi;
import app.reclaim.atlassian.ApiKeyProvider;
import app.reclaim.directory.DirectoryWriter;
import app.reclaim.organizations.OrganizationProfiles;
import app.reclaim.organizations.OrganizationService;
import app.reclaim.store.Leases;
import app.reclaim.support.LogPrivacy;
import com.datastax.oss.driver.api.core.CqlSession;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class SyncConfiguration {

  @Bean
  SyncJobRepository syncJobRepository(CqlSession session, OrganizationService organizations) {
    return new SyncJobRepository(session, organizations.statements());
  }

  @Bean(destroyMethod = "shutdownNow")
  ExecutorService syncExecutor(SyncProperties properties) {
    AtomicInteger n = new AtomicInteger();
    return Executors.newFixedThreadPool(
        properties.maxConcurrentOrgs(),
        r -> {
          Thread thread = new Thread(r, "sync-" + n.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        });
  }

  @Bean
  SyncLifecycle syncLifecycle(DirectorySync directorySync) {
    return new SyncLifecycle(directorySync);
  }

  @Bean
  DirectorySync directorySync(
      AdminApi api,
      DirectoryWriter writer,
      OrganizationProfiles profiles,
      SyncJobRepository jobs,
      Leases leases,
      ApiKeyProvider keys,
      OrganizationService organizations,
      SyncProperties properties,
      ExecutorService syncExecutor,
      app.reclaim.organizations.SettingsService settings,
      LogPrivacy logPrivacy) {
    SyncRunner runner =
        new SyncRunner(api, writer, profiles, jobs, leases, properties, organizations, logPrivacy);
    return new DirectorySync(
        runner, jobs, leases, keys, organizations, properties, syncExecutor, settings);
  }
}

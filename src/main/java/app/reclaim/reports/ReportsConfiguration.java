package app.reclaim.reports;

import app.reclaim.organizations.OrganizationService;
import app.reclaim.store.Leases;
import com.datastax.oss.driver.api.core.CqlSession;
import java.util.UUID;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ReportsConfiguration {

  @Bean
  DashboardSnapshotRepository dashboardSnapshotRepository(
      CqlSession session, OrganizationService organizations) {
    return new DashboardSnapshotRepository(session, organizations.statements());
  }

  @Bean
  DashboardSnapshots dashboardSnapshots(
      DashboardService dashboards,
      DashboardSnapshotRepository repository,
      OrganizationService organizations,
      Leases leases,
      ReportsProperties properties) {
    return new DashboardSnapshots(
        dashboards,
        repository,
        organizations,
        leases,
        properties.leaseTtl(),
        "reports-" + UUID.randomUUID());
  }
}

package app.reclaim.schedules;

import app.reclaim.cleanup.CleanupService;
import app.reclaim.organizations.OrganizationService;
import app.reclaim.rules.RuleService;
import app.reclaim.support.LogPrivacy;
import com.datastax.oss.driver.api.core.CqlSession;
import java.time.Clock;
import java.util.UUID;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class SchedulesConfiguration {

  @Bean
  ScheduleRepository scheduleRepository(CqlSession session, OrganizationService organizations) {
    return new ScheduleRepository(session, organizations.statements());
  }

  @Bean
  ScheduleService scheduleService(
      ScheduleRepository repository, RuleService rules, Clock clock, LogPrivacy logPrivacy) {
    return new ScheduleService(repository, rules, clock, logPrivacy);
  }

  @Bean
  ScheduleFirer scheduleFirer(
      ScheduleRepository repository,
      CleanupService cleanup,
      OrganizationService organizations,
      SchedulesProperties properties) {
    return new ScheduleFirer(
        repository,
        cleanup,
        organizations,
        properties.missedFireGrace(),
        "schedules-" + UUID.randomUUID());
  }
}

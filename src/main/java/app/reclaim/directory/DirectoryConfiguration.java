package app.reclaim.directory;

import app.reclaim.organizations.OrganizationService;
import com.datastax.oss.driver.api.core.CqlSession;
import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class DirectoryConfiguration {

  @Bean
  DirectoryRepository directoryRepository(CqlSession session, OrganizationService organizations) {
    return new DirectoryRepository(session, organizations.statements());
  }

  @Bean
  @ConditionalOnMissingBean
  Clock clock() {
    return Clock.systemUTC();
  }
}

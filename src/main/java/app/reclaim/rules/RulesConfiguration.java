package app.reclaim.rules;

import app.reclaim.organizations.OrganizationService;
import com.datastax.oss.driver.api.core.CqlSession;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class RulesConfiguration {

  @Bean
  RuleRepository ruleRepository(CqlSession session, OrganizationService organizations) {
    return new RuleRepository(session, organizations.statements());
  }
}

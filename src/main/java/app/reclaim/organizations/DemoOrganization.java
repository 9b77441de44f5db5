package app.reclaim.organizations;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/** Installs the demo org (id {@code demo}, region {@code eu}) when the demo is on. */
@Component
@ConditionalOnBooleanProperty("reclaim.demo.enabled")
class DemoOrganization {

  private static final Logger log = LoggerFactory.getLogger(DemoOrganization.class);

  private final OrganizationService organizations;
  private final DemoProperties demo;
  private final Environment environment;

  DemoOrganization(OrganizationService organizations, DemoProperties demo, Environment environment) {
    this.organizations = organizations;
    this.demo = demo;
    this.environment = environment;
  }

  @EventListener(ApplicationReadyEvent.class)
  void install() {
    organizations.install(new InstallOrganization(demo.orgId(), demo.name(), demo.region()));
    String port = environment.getProperty("local.server.port", "8080");
    log.info("Reclaim is ready: GraphiQL at http://localhost:{}/graphiql (demo org '{}' in region {};"
        + " send the header X-Reclaim-Org: {})", port, demo.orgId(), demo.region(), demo.orgId());
  }
}

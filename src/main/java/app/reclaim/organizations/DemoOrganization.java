package app.reclaim.organizations;

import app.reclaim.security.LocalTokens;
import app.reclaim.security.Role;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Installs the demo org (id {@code demo}, region {@code eu}) when the demo is on, and prints a ready
 * ADMIN token for it signed with the local key.
 */
@Component
@ConditionalOnBooleanProperty("reclaim.demo.enabled")
class DemoOrganization {

  private static final Logger log = LoggerFactory.getLogger(DemoOrganization.class);
  private static final Duration TOKEN_TTL = Duration.ofHours(8);

  private final OrganizationService organizations;
  private final DemoProperties demo;
  private final Environment environment;
  private final LocalTokens tokens;

  DemoOrganization(OrganizationService organizations, DemoProperties demo, Environment environment,
      LocalTokens tokens) {
    this.organizations = organizations;
    this.demo = demo;
    this.environment = environment;
    this.tokens = tokens;
  }

  @EventListener(ApplicationReadyEvent.class)
  void install() {
    organizations.install(new InstallOrganization(demo.orgId(), demo.name(), demo.region()));
    String port = environment.getProperty("local.server.port", "8080");
    if (!tokens.available()) {
      log.info("Reclaim is ready: GraphiQL at http://localhost:{}/graphiql (demo org '{}' in region {};"
          + " sign in with a token from your identity provider)", port, demo.orgId(), demo.region());
      return;
    }
    log.info("Reclaim is ready: GraphiQL at http://localhost:{}/graphiql (demo org '{}' in region {});"
        + " open its Headers tab and paste the line below, an ADMIN token valid {} (printed, not logged)",
        port, demo.orgId(), demo.region(), TOKEN_TTL.toHours() + "h");
    // Standard output rather than the log: log files and shippers must never hold a token.
    System.out.println("{\"Authorization\": \"Bearer "
        + tokens.mint(demo.orgId(), Role.ADMIN, "demo-admin", TOKEN_TTL) + "\"}");
  }
}

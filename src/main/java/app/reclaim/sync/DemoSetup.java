package app.reclaim.sync;

import app.reclaim.organizations.CredentialsService;
import app.reclaim.organizations.DemoProperties;
import app.reclaim.organizations.InstallOrganization;
import app.reclaim.organizations.OrganizationService;
import app.reclaim.security.LocalTokens;
import app.reclaim.security.Role;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Command 1's demo: installs the demo org, stores the API key the built-in simulator expects for it
 * (encrypted, as any key), syncs its directory from the simulator the first time, then prints where
 * GraphiQL is and a ready ADMIN token.
 */
@Component
@ConditionalOnBooleanProperty("reclaim.demo.enabled")
class DemoSetup {

  private static final Logger log = LoggerFactory.getLogger(DemoSetup.class);
  private static final Duration TOKEN_TTL = Duration.ofHours(8);

  private final OrganizationService organizations;
  private final CredentialsService credentials;
  private final DirectorySync sync;
  private final SyncJobRepository jobs;
  private final DemoProperties demo;
  private final LocalTokens tokens;
  private final Environment environment;
  private final Clock clock;

  DemoSetup(
      OrganizationService organizations,
      CredentialsService credentials,
      DirectorySync sync,
      SyncJobRepository jobs,
      DemoProperties demo,
      LocalTokens tokens,
      Environment environment,
      Clock clock) {
    this.organizations = organizations;
    this.credentials = credentials;
    this.sync = sync;
    this.jobs = jobs;
    this.demo = demo;
    this.tokens = tokens;
    this.environment = environment;
    this.clock = clock;
  }

  @EventListener(ApplicationReadyEvent.class)
  void setUp() {
    String org = demo.orgId();
    organizations.install(new InstallOrganization(org, demo.name(), demo.region()));
    if (!credentials.status(org).configured()) {
      credentials.set(
          org, demo.apiKey(), LocalDate.now(clock.withZone(ZoneOffset.UTC)).plusDays(365));
    }
    if (jobs.latestCompletedFull(org).isEmpty()) {
      var result = sync.runNow(org, SyncJob.Kind.FULL);
      if (result.error() != null) {
        log.warn("demo sync did not run: {}", result.error().message());
      } else if (result.job().state() != SyncJob.State.COMPLETED) {
        log.warn(
            "demo sync ended {} ({}); it resumes on the next start",
            result.job().state(),
            result.job().errorCode());
      }
    }
    String port = environment.getProperty("local.server.port", "8080");
    if (!tokens.available()) {
      log.info(
          "Reclaim is ready: GraphiQL at http://localhost:{}/graphiql (demo org '{}' in region {};"
              + " sign in with a token from your identity provider)",
          port,
          org,
          demo.region());
      return;
    }
    log.info(
        "Reclaim is ready: GraphiQL at http://localhost:{}/graphiql (demo org '{}' in region {});"
            + " open its Headers tab and paste the line below, an ADMIN token valid {}h (printed, not logged)",
        port,
        org,
        demo.region(),
        TOKEN_TTL.toHours());
    // Standard output rather than the log: log files and shippers must never hold a token.
    System.out.println(
        "{\"Authorization\": \"Bearer "
            + tokens.mint(org, Role.ADMIN, "demo-admin", TOKEN_TTL)
            + "\"}");
  }
}

package app.reclaim.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import app.reclaim.GraphQlHttp;
import app.reclaim.IntegrationTest;
import app.reclaim.ReclaimApplication;
import app.reclaim.cleanup.ConfirmedStart;
import app.reclaim.organizations.CredentialsService;
import app.reclaim.organizations.OrganizationService;
import app.reclaim.security.Role;
import app.reclaim.simulator.AdminApiSimulator;
import app.reclaim.sync.DirectorySync;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.graphql.client.GraphQlTransportException;
import org.springframework.graphql.client.WebSocketGraphQlClient;
import reactor.core.Disposable;

/** {@code organizationEvents} over graphql-transport-ws, with runs and syncs on two instances. */
class OrganizationEventsIntegrationTests extends IntegrationTest {

  static final Duration TIMEOUT = Duration.ofSeconds(60);
  static final String EVENTS =
      "subscription { organizationEvents { type at run { id state errorCode counts { done }"
          + " blastRadius { actingUsers limit } }"
          + " sync { id state } credentials { expiresOn expiresInDays } } }";
  static final String CREATE_RULE =
      "mutation($input: CreateRuleInput!) { createRule(input: $input) { rule { id } } }";
  static final String START =
      "mutation($input: StartCleanupInput!) { startCleanup(input: $input) {"
          + " run { id } userErrors { code message } } }";
  static final String START_SYNC =
      "mutation { startDirectorySync(input: {kind: INCREMENTAL}) { job { id } userErrors { code } } }";

  @Autowired AdminApiSimulator simulator;
  @Autowired OrganizationService organizations;
  @Autowired CredentialsService credentials;
  @Autowired DirectorySync sync;
  @Autowired OrganizationEvents organizationEvents;
  @Autowired app.reclaim.cleanup.CleanupService cleanup;

  final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();

  @AfterEach
  void disconnect() {
    subscribers.forEach(Subscriber::close);
    simulator.faults().clear();
  }

  String createRule(GraphQlHttp admin) {
    return admin
        .post(
            CREATE_RULE,
            Map.of(
                "input",
                Map.of(
                    "rule",
                    Map.of(
                        "name", "Idle " + UUID.randomUUID(),
                        "condition", Map.of("inactiveInAllProducts", Map.of("days", 30)),
                        "action", Map.of("type", "SUSPEND")))))
        .read("$.data.createRule.rule.id");
  }

  String startRun(GraphQlHttp admin, String ruleId) {
    var started = ConfirmedStart.post(admin, ruleId, "EXECUTE");
    assertThat((List<?>) started.read("$.data.startCleanup.userErrors"))
        .as(started.body())
        .isEmpty();
    return started.read("$.data.startCleanup.run.id");
  }

  /** A graphql-ws subscriber collecting every event it receives. */
  final class Subscriber {
    final List<Map<String, Object>> events = new CopyOnWriteArrayList<>();
    final List<Throwable> errors = new CopyOnWriteArrayList<>();
    final WebSocketGraphQlClient client;
    final Disposable subscription;

    Subscriber(String token) {
      client = webSocketClient(token);
      subscription =
          client
              .document(EVENTS)
              .executeSubscription()
              .subscribe(
                  r -> {
                    if (!r.getErrors().isEmpty()) {
                      errors.add(new AssertionError(r.getErrors().toString()));
                    } else {
                      events.add(r.field("organizationEvents").getValue());
                    }
                  },
                  errors::add);
      subscribers.add(this);
    }

    List<Object> types() {
      assertThat(errors).as("errors received").isEmpty();
      return events.stream().map(e -> e.get("type")).toList();
    }

    List<Object> typesOfRun(String runId) {
      assertThat(errors).as("errors received").isEmpty();
      return events.stream()
          .filter(e -> e.get("run") != null && runId.equals(((Map<?, ?>) e.get("run")).get("id")))
          .map(e -> e.get("type"))
          .toList();
    }

    /** Waits for the first event: credentials expiring, sent once the feed has its baseline. */
    Subscriber awaitReady() {
      Awaitility.await("first event")
          .atMost(TIMEOUT)
          .until(() -> !events.isEmpty() || !errors.isEmpty());
      assertThat(errors).isEmpty();
      assertThat(events.get(0).get("type")).isEqualTo("CREDENTIALS_EXPIRING");
      return this;
    }

    void close() {
      subscription.dispose();
      client.stop().block(TIMEOUT);
    }
  }

  @Test
  void shouldTellRunsAndSyncsOfAnotherInstanceToASubscriberOfThisOne() {
    String orgId = simulatedOrg(61, 120, 8, 5);
    simulator.faults(orgId).latency(Duration.ofMillis(20));
    Subscriber here = new Subscriber(token(orgId, Role.VIEWER)).awaitReady();

    try (ConfigurableApplicationContext other =
        new SpringApplicationBuilder(ReclaimApplication.class)
            .profiles("test", "local")
            .run(
                "--server.port=0",
                "--reclaim.simulator.enabled=false",
                "--reclaim.atlassian.base-url=" + simulator.baseUrl())) {
      int otherPort = Integer.parseInt(other.getEnvironment().getProperty("local.server.port"));
      GraphQlHttp otherAdmin = new GraphQlHttp(otherPort).bearer(token(orgId, Role.ADMIN));
      String runId = startRun(otherAdmin, createRule(otherAdmin));
      var sync = otherAdmin.post(START_SYNC);
      assertThat((List<?>) sync.read("$.data.startDirectorySync.userErrors"))
          .as(sync.body())
          .isEmpty();
      String jobId = sync.read("$.data.startDirectorySync.job.id");

      Awaitility.await("run started and finished, sync finished")
          .atMost(TIMEOUT)
          .until(
              () ->
                  here.typesOfRun(runId).contains("RUN_FINISHED")
                      && here.types().contains("SYNC_FINISHED"));

      assertThat(here.typesOfRun(runId)).containsExactly("RUN_STARTED", "RUN_FINISHED");
      Map<String, Object> finished =
          here.events.stream()
              .filter(e -> "RUN_FINISHED".equals(e.get("type")))
              .findFirst()
              .orElseThrow();
      assertThat(((Map<?, ?>) finished.get("run")).get("state")).isEqualTo("COMPLETED");
      Map<String, Object> synced =
          here.events.stream()
              .filter(e -> "SYNC_FINISHED".equals(e.get("type")))
              .findFirst()
              .orElseThrow();
      assertThat(((Map<?, ?>) synced.get("sync")).get("id")).isEqualTo(jobId);
      assertThat(((Map<?, ?>) synced.get("sync")).get("state")).isEqualTo("COMPLETED");
      assertThat(here.errors).isEmpty();
    }
  }

  @Test
  void shouldStopAScheduledRunOverTheBlastRadiusAfterPlanningAndTellRunBlocked() {
    String orgId = simulatedOrg(68, 120, 8, 5);
    Subscriber subscriber = new Subscriber(token(orgId, Role.VIEWER)).awaitReady();
    String ruleId = createRule(asAdmin(orgId));

    // As the schedules module starts an EXECUTE schedule: no one to confirm a count.
    var started =
        cleanup.startFor(
            orgId, ruleId, app.reclaim.cleanup.CleanupRun.Mode.EXECUTE, "schedule:test");
    assertThat(started.userErrors()).isEmpty();
    String runId = started.run().id().toString();

    Awaitility.await("run blocked")
        .atMost(TIMEOUT)
        .until(() -> subscriber.typesOfRun(runId).contains("RUN_BLOCKED"));
    assertThat(subscriber.typesOfRun(runId))
        .containsExactly("RUN_STARTED", "RUN_FINISHED", "RUN_BLOCKED");
    Map<?, ?> run =
        (Map<?, ?>)
            subscriber.events.stream()
                .filter(e -> "RUN_BLOCKED".equals(e.get("type")))
                .findFirst()
                .orElseThrow()
                .get("run");
    assertThat(run.get("state")).isEqualTo("FAILED");
    assertThat(run.get("errorCode")).isEqualTo("BLAST_RADIUS_EXCEEDED");
    Map<?, ?> radius = (Map<?, ?>) run.get("blastRadius");
    assertThat((Integer) radius.get("actingUsers")).isGreaterThan((Integer) radius.get("limit"));
    assertThat(simulator.actions(orgId)).as("no upstream write").isEmpty();
  }

  @Test
  void shouldKeepOrganizationsApart() {
    String orgId = simulatedOrg(62, 120, 8, 3);
    String otherOrg = simulatedOrg(63, 120, 8, 3);
    Subscriber mine = new Subscriber(token(orgId, Role.VIEWER)).awaitReady();
    Subscriber theirs = new Subscriber(token(otherOrg, Role.ADMIN)).awaitReady();

    String runId = startRun(asAdmin(orgId), createRule(asAdmin(orgId)));
    Awaitility.await("run finished")
        .atMost(TIMEOUT)
        .until(() -> mine.typesOfRun(runId).contains("RUN_FINISHED"));

    assertThat(theirs.types()).containsExactly("CREDENTIALS_EXPIRING");
    assertThat(theirs.events.get(0).get("credentials"))
        .isEqualTo(
            Map.of(
                "expiresOn",
                LocalDate.now(java.time.ZoneOffset.UTC).plusDays(3).toString(),
                "expiresInDays",
                3));
  }

  @Test
  void shouldTellCredentialsOnlyOnceTheyEnterTheNotificationWindow() {
    String orgId = simulatedOrg(64, 120, 8, 90);
    Subscriber subscriber = new Subscriber(token(orgId, Role.VIEWER));
    // No first event while the key has 90 days left (the window is 14): a run shows the stream is
    // live.
    Awaitility.await("subscribed").atMost(TIMEOUT).until(() -> organizationEvents.hasFeed(orgId));
    String runId = startRun(asAdmin(orgId), createRule(asAdmin(orgId)));
    Awaitility.await("run finished")
        .atMost(TIMEOUT)
        .until(() -> subscriber.typesOfRun(runId).contains("RUN_FINISHED"));
    assertThat(subscriber.types()).doesNotContain("CREDENTIALS_EXPIRING");

    credentials.set(
        orgId, simulator.apiKey(orgId), LocalDate.now(java.time.ZoneOffset.UTC).plusDays(2));

    Awaitility.await("credentials expiring")
        .atMost(TIMEOUT)
        .until(() -> subscriber.types().contains("CREDENTIALS_EXPIRING"));
    assertThat(
            subscriber.events.stream()
                .filter(e -> "CREDENTIALS_EXPIRING".equals(e.get("type")))
                .map(e -> (Object) ((Map<?, ?>) e.get("credentials")).get("expiresInDays"))
                .toList())
        .containsExactly(2);
  }

  @Test
  void shouldShareOneFeedPerOrganizationAndDropItWithTheLastSubscriber() {
    String orgId = simulatedOrg(65, 120, 8, 1);
    Subscriber first = new Subscriber(token(orgId, Role.VIEWER)).awaitReady();
    Subscriber second = new Subscriber(token(orgId, Role.ADMIN)).awaitReady();
    String runId = startRun(asAdmin(orgId), createRule(asAdmin(orgId)));
    Awaitility.await("both told")
        .atMost(TIMEOUT)
        .until(
            () ->
                first.typesOfRun(runId).contains("RUN_FINISHED")
                    && second.typesOfRun(runId).contains("RUN_FINISHED"));
    assertThat(first.typesOfRun(runId)).isEqualTo(second.typesOfRun(runId));
    assertThat(organizationEvents.hasFeed(orgId)).isTrue();

    first.close();
    assertThat(organizationEvents.hasFeed(orgId)).as("one subscriber left").isTrue();
    second.close();
    Awaitility.await("feed dropped")
        .atMost(TIMEOUT)
        .until(() -> !organizationEvents.hasFeed(orgId));
  }

  @Test
  void shouldEndTheStreamWithNotFoundWhenTheOrganizationIsUninstalled() {
    String orgId = simulatedOrg(67, 40, 4, 5);
    Subscriber subscriber = new Subscriber(token(orgId, Role.VIEWER)).awaitReady();

    assertThat(asPlatform().delete("/platform/installations/" + orgId).status()).isEqualTo(200);

    Awaitility.await("stream ended").atMost(TIMEOUT).until(() -> !subscriber.errors.isEmpty());
    assertThat(subscriber.errors.get(0).toString()).contains("NOT_FOUND");
    Awaitility.await("feed dropped")
        .atMost(TIMEOUT)
        .until(() -> !organizationEvents.hasFeed(orgId));
  }

  @Test
  void shouldRefuseABadTokenAtConnectionInit() {
    String orgId = simulatedOrg(66, 120, 8, 5);
    String valid = token(orgId, Role.ADMIN);
    Subscriber forged = new Subscriber(valid.substring(0, valid.lastIndexOf('.') + 1) + "AAAA");
    Awaitility.await("refused").atMost(TIMEOUT).until(() -> !forged.errors.isEmpty());
    assertThat(forged.events).isEmpty();
    assertThat(forged.errors.get(0)).isInstanceOf(GraphQlTransportException.class);
    assertThat(organizationEvents.hasFeed(orgId)).isFalse();
  }
}

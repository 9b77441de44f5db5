package app.reclaim.cleanup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import app.reclaim.IntegrationTest;
import app.reclaim.ReclaimApplication;
import app.reclaim.directory.DirectoryGroup;
import app.reclaim.directory.DirectoryWriter;
import app.reclaim.organizations.CredentialsService;
import app.reclaim.organizations.InstallOrganization;
import app.reclaim.organizations.OrganizationService;
import app.reclaim.security.Role;
import app.reclaim.simulator.AdminApiSimulator;
import app.reclaim.sync.DirectorySync;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.graphql.client.ClientGraphQlResponse;
import org.springframework.graphql.client.WebSocketGraphQlClient;
import tools.jackson.databind.json.JsonMapper;

/** {@code cleanupRunEvents} over graphql-transport-ws, for runs executed against the simulator. */
class CleanupSubscriptionIntegrationTests extends IntegrationTest {

  static final Duration TIMEOUT = Duration.ofSeconds(120);
  static final String EVENTS =
      "subscription($runId: ID!) { cleanupRunEvents(runId: $runId) { type runId state itemCount"
          + " pending counts { matched done failed skipped requiresIdpAction }"
          + " item { accountId reason } } }";

  @Autowired AdminApiSimulator simulator;
  @Autowired OrganizationService organizations;
  @Autowired CredentialsService credentials;
  @Autowired DirectorySync sync;
  @Autowired DirectoryWriter writer;

  @AfterEach
  void clearFaults() {
    simulator.faults().clear();
  }

  String startExecute(String orgId) {
    var created =
        asAdmin(orgId)
            .post(
                CleanupIntegrationTests.CREATE_RULE,
                Map.of("input", Map.of("rule", CleanupIntegrationTests.suspendIdle())));
    String ruleId = created.read("$.data.createRule.rule.id");
    var started = ConfirmedStart.post(asAdmin(orgId), ruleId, "EXECUTE");
    assertThat((List<?>) started.read("$.data.startCleanup.userErrors"))
        .as(started.body())
        .isEmpty();
    return started.read("$.data.startCleanup.run.id");
  }

  WebSocketGraphQlClient client(String token) {
    return webSocketClient(token);
  }

  List<Map<String, Object>> events(String orgId, String runId) {
    WebSocketGraphQlClient client = client(token(orgId, Role.VIEWER));
    try {
      return client
          .document(EVENTS)
          .variable("runId", runId)
          .executeSubscription()
          .map(
              r -> {
                assertThat(r.getErrors()).as(r.toString()).isEmpty();
                return r.field("cleanupRunEvents").<Map<String, Object>>getValue();
              })
          .collectList()
          .block(TIMEOUT);
    } finally {
      client.stop().block(TIMEOUT);
    }
  }

  @Test
  void shouldStreamStartedProgressAndFinishedForAnExecuteRun() {
    String orgId = simulatedOrg(41, 300, 16);
    // Slow upstream calls so the run is still going while the subscriber watches.
    simulator.faults(orgId).latency(Duration.ofMillis(60));
    String runId = startExecute(orgId);

    List<Map<String, Object>> events = events(orgId, runId);

    List<Object> types = events.stream().map(e -> e.get("type")).toList();
    assertThat(types.get(0)).isEqualTo("STARTED");
    assertThat(types).contains("PROGRESS");
    assertThat(types.get(types.size() - 1)).isEqualTo("FINISHED");
    assertThat(types.stream().filter("FINISHED"::equals).count()).isEqualTo(1);
    assertThat(events).allSatisfy(e -> assertThat(e.get("runId")).isEqualTo(runId));
    Map<String, Object> finished = events.get(events.size() - 1);
    assertThat(finished.get("state")).isEqualTo("COMPLETED");
    assertThat(finished.get("pending")).isEqualTo(0);
    @SuppressWarnings("unchecked")
    Map<String, Object> counts = (Map<String, Object>) finished.get("counts");
    assertThat((Integer) counts.get("done")).isPositive();
    var run =
        asViewer(orgId)
            .post(CleanupIntegrationTests.RUN, Map.of("id", runId))
            .<Map<String, Object>>read("$.data.cleanupRun.counts");
    assertThat(counts.get("done")).isEqualTo(run.get("done"));
    assertThat(counts.get("matched")).isEqualTo(run.get("matched"));
    // Progress only goes forward.
    List<Integer> done =
        events.stream().map(e -> (Integer) ((Map<?, ?>) e.get("counts")).get("done")).toList();
    assertThat(done).isSorted();
  }

  @Test
  void shouldReplayAnEndedRunAsStartedThenFinished() {
    String orgId = simulatedOrg(42, 60, 8);
    String runId = startExecute(orgId);
    // A second subscription after the end still gets STARTED then FINISHED, then completes.
    events(orgId, runId);
    List<Object> types = events(orgId, runId).stream().map(e -> e.get("type")).toList();
    assertThat(types).containsExactly("STARTED", "FINISHED");
  }

  @Test
  void shouldRefuseAnotherOrganizationsRunWithNotFound() {
    String orgId = simulatedOrg(43, 40, 8);
    String runId = startExecute(orgId);
    String other = freshOrgId();
    organizations.install(new InstallOrganization(other, "Other " + other, "eu"));

    WebSocketGraphQlClient client = client(token(other, Role.ADMIN));
    try {
      Throwable error =
          catchThrowable(
              () ->
                  client
                      .document(EVENTS)
                      .variable("runId", runId)
                      .executeSubscription()
                      .map(ClientGraphQlResponse::toString)
                      .collectList()
                      .block(TIMEOUT));
      assertThat(error).isNotNull();
      assertThat(String.valueOf(error.getMessage()) + error).contains("NOT_FOUND");
    } finally {
      client.stop().block(TIMEOUT);
    }
  }

  @Value("${reclaim.simulator.base-url}")
  String simulatorBaseUrl;

  @Test
  void shouldEmitItemFailedWithAccountAndReasonForEachFailedItem() {
    String orgId = simulatedOrg(45, 200, 20);
    // As in CleanupIntegrationTests: the mirror believes an IdP-synced group is local, so
    // Atlassian refuses each removal with a 403 (UPSTREAM_REJECTED).
    DirectoryGroup synced = MislabeledGroup.relabelLocal(writer, orgId);
    String ruleId =
        asAdmin(orgId)
            .post(
                CleanupIntegrationTests.CREATE_RULE,
                Map.of("input", Map.of("rule", MislabeledGroup.leaveRule(synced))))
            .read("$.data.createRule.rule.id");
    var started = ConfirmedStart.post(asAdmin(orgId), ruleId, "EXECUTE");
    String runId = started.read("$.data.startCleanup.run.id");

    List<Map<String, Object>> events = events(orgId, runId);

    List<Map<String, Object>> failed =
        events.stream().filter(e -> "ITEM_FAILED".equals(e.get("type"))).toList();
    Map<String, Object> finished = events.get(events.size() - 1);
    assertThat(finished.get("type")).isEqualTo("FINISHED");
    assertThat(failed)
        .isNotEmpty()
        .hasSize((Integer) ((Map<?, ?>) finished.get("counts")).get("failed"))
        .allSatisfy(
            e -> {
              Map<?, ?> item = (Map<?, ?>) e.get("item");
              assertThat(item.get("reason")).isEqualTo("UPSTREAM_REJECTED");
              assertThat((String) item.get("accountId")).isNotBlank();
            });
    assertThat(failed.stream().map(e -> ((Map<?, ?>) e.get("item")).get("accountId")))
        .doesNotHaveDuplicates();
  }

  /**
   * Two app instances on one Cassandra: a run started on (and so executed by) a second instance is
   * watched by a subscriber connected to this one.
   */
  @Test
  void shouldStreamARunExecutedByAnotherInstance() throws Exception {
    String orgId = simulatedOrg(44, 300, 16);
    simulator.faults(orgId).latency(Duration.ofMillis(60));
    String ruleId =
        asAdmin(orgId)
            .post(
                CleanupIntegrationTests.CREATE_RULE,
                Map.of("input", Map.of("rule", CleanupIntegrationTests.suspendIdle())))
            .read("$.data.createRule.rule.id");

    try (ConfigurableApplicationContext other =
        new SpringApplicationBuilder(ReclaimApplication.class)
            .profiles("test", "local")
            .run(
                "--server.port=0",
                "--reclaim.simulator.enabled=false",
                "--reclaim.atlassian.base-url=" + simulatorBaseUrl)) {
      int otherPort = Integer.parseInt(other.getEnvironment().getProperty("local.server.port"));
      assertThat(otherPort).isNotEqualTo(port);
      String runId = startOn(otherPort, orgId, ruleId);

      List<Map<String, Object>> events = events(orgId, runId);

      List<Object> types = events.stream().map(e -> e.get("type")).toList();
      assertThat(types.get(0)).isEqualTo("STARTED");
      assertThat(types).contains("PROGRESS");
      assertThat(types.get(types.size() - 1)).isEqualTo("FINISHED");
      assertThat(events.get(events.size() - 1).get("state")).isEqualTo("COMPLETED");
    }
  }

  @SuppressWarnings("unchecked")
  String startOn(int otherPort, String orgId, String ruleId) throws Exception {
    Map<String, Object> refused =
        startOn(otherPort, orgId, Map.of("ruleId", ruleId, "mode", "EXECUTE"));
    // The guard asks for the count (300 users): confirmed as a client would, then started.
    assertThat(refused.get("userErrors").toString()).contains("BLAST_RADIUS_EXCEEDED");
    Object acting = ((Map<?, ?>) refused.get("blastRadius")).get("actingUsers");
    Map<String, Object> start =
        startOn(
            otherPort, orgId, Map.of("ruleId", ruleId, "mode", "EXECUTE", "confirmCount", acting));
    assertThat((List<?>) start.get("userErrors")).as(start.toString()).isEmpty();
    return (String) ((Map<String, Object>) start.get("run")).get("id");
  }

  Map<String, Object> startOn(int otherPort, String orgId, Map<String, Object> input)
      throws Exception {
    JsonMapper json = JsonMapper.builder().build();
    String body =
        json.writeValueAsString(
            Map.of("query", ConfirmedStart.START, "variables", Map.of("input", input)));
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + otherPort + "/graphql"))
                    .header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + token(orgId, Role.ADMIN))
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    Map<String, Object> data =
        (Map<String, Object>) json.readValue(response.body(), Map.class).get("data");
    return (Map<String, Object>) data.get("startCleanup");
  }
}

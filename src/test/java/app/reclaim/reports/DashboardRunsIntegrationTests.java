package app.reclaim.reports;

import static org.assertj.core.api.Assertions.assertThat;

import app.reclaim.IntegrationTest;
import app.reclaim.atlassian.AdminApi;
import app.reclaim.atlassian.ApiRecords;
import app.reclaim.cleanup.ConfirmedStart;
import app.reclaim.directory.AccountType;
import app.reclaim.directory.DirectoryWriter;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The dashboard's seats, savings, capacity and upcoming runs against an org synced from the
 * simulator, with real cleanup runs executed through the admin-API client: every figure is checked
 * against an independent source (the rule's preview, the workspaces listing, a recount of the
 * rows).
 */
class DashboardRunsIntegrationTests extends IntegrationTest {

  static final String PREVIEW =
      "query($input: PreviewRuleInput!) { previewRule(input: $input) { preview {"
          + " totals { matched } seatsFreed { product seats pricePerSeat monthlySavings }"
          + " estimatedMonthlySavings { amount currency } } userErrors { code } } }";
  static final String START =
      "mutation($input: StartCleanupInput!) { startCleanup(input: $input) {"
          + " run { id } userErrors { code message } } }";
  static final String RESTORE =
      "mutation($input: RestoreCleanupInput!) { restoreCleanup(input: $input) {"
          + " run { id } userErrors { code message } } }";
  static final String RUN =
      "query($id: ID!) { cleanupRun(id: $id) { state counts { failed done } } }";
  static final String UPDATE_SETTINGS =
      "mutation($input: UpdateSettingsInput!) { updateSettings(input: $input) {"
          + " userErrors { code message } } }";

  @Autowired DirectoryWriter writer;

  @Autowired AdminApi api;

  Map<String, Object> dashboard(String orgId) {
    var response = asViewer(orgId).post(DashboardIntegrationTests.DASHBOARD);
    assertThat(response.body()).doesNotContain("\"errors\"");
    return response.read("$.data.dashboard");
  }

  Map<String, Object> preview(String orgId, String ruleId) {
    var response = asViewer(orgId).post(PREVIEW, Map.of("input", Map.of("ruleId", ruleId)));
    return response.read("$.data.previewRule.preview");
  }

  String execute(String orgId, String ruleId) {
    var response = ConfirmedStart.post(asAdmin(orgId), ruleId, "EXECUTE");
    assertThat((List<?>) response.read("$.data.startCleanup.userErrors"))
        .as(response.body())
        .isEmpty();
    return awaitCompleted(orgId, response.read("$.data.startCleanup.run.id"));
  }

  String awaitCompleted(String orgId, String runId) {
    Map<String, Object> run =
        Awaitility.await("run " + runId + " ends")
            .atMost(Duration.ofMinutes(2))
            .pollInterval(Duration.ofMillis(100))
            .until(
                () ->
                    asViewer(orgId)
                        .post(RUN, Map.of("id", runId))
                        .<Map<String, Object>>read("$.data.cleanupRun"),
                r -> !"RUNNING".equals(r.get("state")));
    assertThat(run.get("state")).isEqualTo("COMPLETED");
    assertThat(((Map<?, ?>) run.get("counts")).get("failed")).isEqualTo(0);
    return runId;
  }

  void prices(String orgId, Map<String, String> prices) {
    List<Map<String, String>> seatPrices = new ArrayList<>();
    prices.forEach((p, price) -> seatPrices.add(Map.of("product", p, "monthlyPrice", price)));
    var response =
        asAdmin(orgId)
            .post(
                UPDATE_SETTINGS,
                Map.of(
                    "input",
                    Map.of("expectedVersion", 0, "seatPrices", seatPrices, "currency", "EUR")));
    assertThat((List<?>) response.read("$.data.updateSettings.userErrors"))
        .as(response.body())
        .isEmpty();
  }

  static Map<String, Object> removeConfluence() {
    return Map.of(
        "name",
        "Idle Confluence " + UUID.randomUUID(),
        "scope",
        List.of("confluence"),
        "condition",
        Map.of("inactiveInProduct", Map.of("product", "confluence", "days", 30)),
        "action",
        Map.of("type", "REMOVE_PRODUCT_ACCESS"));
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> run(Map<String, Object> dashboard, int index) {
    return ((List<Map<String, Object>>)
            ((Map<String, Object>) dashboard.get("reclaimed")).get("runs"))
        .get(index);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> reclaimed(Map<String, Object> dashboard) {
    return (Map<String, Object>) dashboard.get("reclaimed");
  }

  static String amount(Map<String, Object> parent) {
    return (String) ((Map<?, ?>) parent.get("estimatedMonthlySavings")).get("amount");
  }

  @Test
  void shouldShowTheSeatsEachRunFreedAndGaveBackWithTheirSavings() {
    String orgId = simulatedOrg(41, 300, 16);
    prices(orgId, Map.of("confluence", "5.00", "jira-software", "7.50"));
    String remove = DashboardFixtures.createRule(asAdmin(orgId), removeConfluence());
    Map<String, Object> removePreview = preview(orgId, remove);
    String removeRun = execute(orgId, remove);
    String suspend =
        DashboardFixtures.createRule(asAdmin(orgId), DashboardFixtures.idleEverywhere(30));
    Map<String, Object> suspendPreview = preview(orgId, suspend);
    String suspendRun = execute(orgId, suspend);

    Map<String, Object> afterRuns = dashboard(orgId);

    // Newest first; each run's seats are what its preview said it would free (no item failed).
    assertThat(run(afterRuns, 0).get("runId")).isEqualTo(suspendRun);
    assertThat(run(afterRuns, 1).get("runId")).isEqualTo(removeRun);
    for (var pair :
        List.of(
            List.of(run(afterRuns, 0), suspendPreview),
            List.of(run(afterRuns, 1), removePreview))) {
      Map<String, Object> run = pair.get(0);
      Map<String, Object> preview = pair.get(1);
      assertThat(run.get("mode")).isEqualTo("EXECUTE");
      assertThat(run.get("seatsByProduct")).isEqualTo(preview.get("seatsFreed"));
      assertThat(amount(run)).isEqualTo(amount(preview));
      assertThat(run.get("seats"))
          .isEqualTo(
              DashboardIntegrationTests.<Map<String, Object>>cast(preview.get("seatsFreed"))
                  .stream()
                  .mapToInt(s -> (Integer) s.get("seats"))
                  .sum());
    }
    int removed = (Integer) run(afterRuns, 1).get("seats");
    int suspended = (Integer) run(afterRuns, 0).get("seats");
    assertThat(removed).isPositive();
    assertThat(suspended).isPositive();
    assertThat(reclaimed(afterRuns).get("seatsReclaimed")).isEqualTo(removed + suspended);
    assertThat(amount(reclaimed(afterRuns)))
        .isEqualTo(
            new BigDecimal(amount(run(afterRuns, 0)))
                .add(new BigDecimal(amount(run(afterRuns, 1))))
                .toPlainString());

    var restore = asAdmin(orgId).post(RESTORE, Map.of("input", Map.of("runId", removeRun)));
    assertThat((List<?>) restore.read("$.data.restoreCleanup.userErrors")).isEmpty();
    String restoreRun = awaitCompleted(orgId, restore.read("$.data.restoreCleanup.run.id"));
    Map<String, Object> afterRestore = dashboard(orgId);

    Map<String, Object> restored = run(afterRestore, 0);
    assertThat(restored.get("runId")).isEqualTo(restoreRun);
    assertThat(restored.get("mode")).isEqualTo("RESTORE");
    assertThat(restored.get("seats")).isEqualTo(removed);
    assertThat(restored.get("seatsByProduct")).isEqualTo(removePreview.get("seatsFreed"));
    assertThat(amount(restored))
        .isEqualTo(new BigDecimal(amount(removePreview)).negate().toPlainString());
    Map<String, Object> total = reclaimed(afterRestore);
    assertThat(total.get("seatsReclaimed")).isEqualTo(removed + suspended);
    assertThat(total.get("seatsRestored")).isEqualTo(removed);
    assertThat(amount(total)).isEqualTo(amount(suspendPreview));
    List<Map<String, Object>> months = DashboardIntegrationTests.cast(total.get("months"));
    assertThat(months).hasSize(12);
    assertThat(months.stream().mapToInt(m -> (Integer) m.get("runs")).sum()).isEqualTo(3);
    assertThat(months.stream().mapToInt(m -> (Integer) m.get("seatsReclaimed")).sum())
        .isEqualTo(removed + suspended);
    assertThat(months.stream().mapToInt(m -> (Integer) m.get("seatsRestored")).sum())
        .isEqualTo(removed);
    assertThat(
            months.stream()
                .map(m -> new BigDecimal(amount(m)))
                .reduce(BigDecimal.ZERO, BigDecimal::add)
                .toPlainString())
        .isEqualTo(amount(suspendPreview));
    assertThat(total.get("since")).isEqualTo(months.get(0).get("month") + "-01");
  }

  @Test
  void shouldShowBillableSeatsAgainstTheCapacityTheWorkspacesReport() {
    String orgId = simulatedOrg(42, 250, 12);
    Map<String, Integer> capacity = new HashMap<>();
    String cursor = null;
    do {
      AdminApi.ApiPage<ApiRecords.Workspace> page = api.workspaces(orgId, cursor);
      for (ApiRecords.Workspace w : page.items()) {
        capacity.merge(w.typeKey(), w.capacity(), Integer::sum);
      }
      cursor = page.nextCursor();
    } while (cursor != null);

    List<Map<String, Object>> products =
        DashboardIntegrationTests.cast(dashboard(orgId).get("products"));

    assertThat(capacity).isNotEmpty();
    Map<String, Object> shown = new HashMap<>();
    products.forEach(p -> shown.put((String) p.get("product"), p.get("capacity")));
    capacity.forEach((product, seats) -> assertThat(shown).containsEntry(product, seats));
    assertThat(products)
        .allSatisfy(
            p ->
                assertThat((Integer) p.get("billableSeats"))
                    .isLessThanOrEqualTo((Integer) p.get("usersWithAccess")));
  }

  @Test
  void shouldCountTheUsersEachUpcomingRunsRuleMatchesNow() {
    String orgId = simulatedOrg(43, 200, 10);
    String ruleId = DashboardFixtures.scheduledRule(asAdmin(orgId), 2);
    Map<String, Object> preview = preview(orgId, ruleId);

    Map<String, Object> d = dashboard(orgId);

    List<Map<String, Object>> upcoming = DashboardIntegrationTests.cast(d.get("upcomingRuns"));
    assertThat(upcoming).hasSize(2);
    assertThat(upcoming).extracting(u -> u.get("ruleId")).containsOnly(ruleId);
    assertThat(upcoming)
        .extracting(u -> (String) u.get("nextFireAt"))
        .isSortedAccordingTo(java.util.Comparator.comparing(Instant::parse));
    Instant now = Instant.parse((String) d.get("generatedAt"));
    Instant idleSince = now.minus(Duration.ofDays(90));
    long bruteForce =
        writer.snapshot(orgId).users().stream()
            .filter(u -> u.lastActive() == null || !u.lastActive().isAfter(idleSince))
            .filter(u -> !u.orgAdmin() && u.accountType() != AccountType.APP)
            .count();
    assertThat(bruteForce).isPositive();
    assertThat(upcoming)
        .allSatisfy(u -> assertThat(u.get("matchingUsers")).isEqualTo((int) bruteForce));
    assertThat(((Map<?, ?>) preview.get("totals")).get("matched")).isEqualTo((int) bruteForce);
  }
}

package app.reclaim.reports;

import static org.assertj.core.api.Assertions.assertThat;

import app.reclaim.GraphQlHttp;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Rules and schedules created over GraphQL for the dashboard tests. */
final class DashboardFixtures {

  static final String CREATE_RULE =
      "mutation($input: CreateRuleInput!) { createRule(input: $input) {"
          + " rule { id } userErrors { code message } } }";
  static final String CREATE_SCHEDULE =
      "mutation($input: CreateScheduleInput!) { createSchedule(input: $input) {"
          + " schedule { id nextFireAt } userErrors { code message } } }";
  static final List<String> ZONES =
      List.of("UTC", "Europe/Berlin", "America/New_York", "Asia/Tokyo", "Australia/Sydney");

  private DashboardFixtures() {}

  /** Suspends users with no activity anywhere for {@code days} days. */
  static Map<String, Object> idleEverywhere(int days) {
    return Map.of(
        "name",
        "Idle " + days + " days " + UUID.randomUUID(),
        "condition",
        Map.of("inactiveInAllProducts", Map.of("days", days)),
        "action",
        Map.of("type", "SUSPEND"));
  }

  static String createRule(GraphQlHttp admin, Map<String, Object> rule) {
    var response = admin.post(CREATE_RULE, Map.of("input", Map.of("rule", rule)));
    assertThat((List<?>) response.read("$.data.createRule.userErrors"))
        .as(response.body())
        .isEmpty();
    return response.read("$.data.createRule.rule.id");
  }

  /** {@code count} daily schedules (in different zones) of one new idle-everywhere rule. */
  static String scheduledRule(GraphQlHttp admin, int count) {
    String ruleId = createRule(admin, idleEverywhere(90));
    for (int i = 0; i < count; i++) {
      Map<String, Object> input = new HashMap<>();
      input.put("name", "Nightly " + i);
      input.put("cron", "0 0 3 * * *");
      input.put("timeZone", ZONES.get(i % ZONES.size()));
      input.put("ruleId", ruleId);
      input.put("mode", "PREVIEW");
      var response = admin.post(CREATE_SCHEDULE, Map.of("input", input));
      assertThat((List<?>) response.read("$.data.createSchedule.userErrors"))
          .as(response.body())
          .isEmpty();
    }
    return ruleId;
  }
}

package app.reclaim.organizations;

import static org.assertj.core.api.Assertions.assertThat;

import app.reclaim.GraphQlHttp;
import app.reclaim.IntegrationTest;
import app.reclaim.directory.DirectoryWriter;
import app.reclaim.directory.SyntheticDirectory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Settings over GraphQL: defaults, partial updates, versions, validation, roles, isolation, use.
 */
class SettingsIntegrationTests extends IntegrationTest {

  static final String READ =
      "{ settings { version activityBands { activeWithinDays lowUseWithinDays }"
          + " seatPrices { product monthlyPrice } currency protectedAccounts protectedGroups dailySyncTime"
          + " cleanupLogRetentionDays notifications { runFinished syncFailed credentialsExpiringDays }"
          + " endUserDataInLogs updatedBy } }";
  static final String UPDATE =
      "mutation($input: UpdateSettingsInput!) { updateSettings(input: $input) {"
          + " settings { version currency seatPrices { product monthlyPrice } dailySyncTime"
          + " activityBands { activeWithinDays lowUseWithinDays } cleanupLogRetentionDays }"
          + " userErrors { field message code } } }";

  @Autowired OrganizationService organizations;

  @Autowired DirectoryWriter writer;

  String installed() {
    String orgId = freshOrgId();
    organizations.install(new InstallOrganization(orgId, "Settings Co", "eu"));
    return orgId;
  }

  @Test
  void shouldServeTheDefaultsAsVersionZero() {
    var read = asViewer(installed()).post(READ);

    assertThat((Integer) read.read("$.data.settings.version")).isZero();
    assertThat((Integer) read.read("$.data.settings.activityBands.activeWithinDays")).isEqualTo(30);
    assertThat((String) read.read("$.data.settings.currency")).isEqualTo("USD");
    assertThat((Boolean) read.read("$.data.settings.endUserDataInLogs")).isTrue();
    assertThat((String) read.read("$.data.settings.dailySyncTime")).isEqualTo("03:00");
  }

  @Test
  void shouldSaveAPartialChangeAndKeepTheRest() {
    String orgId = installed();
    GraphQlHttp admin = asAdmin(orgId);

    var first =
        admin.post(
            UPDATE,
            Map.of(
                "input",
                Map.of(
                    "expectedVersion",
                    0,
                    "currency",
                    "EUR",
                    "seatPrices",
                    List.of(Map.of("product", "jira-software", "monthlyPrice", "8.60")))));
    var second =
        admin.post(UPDATE, Map.of("input", Map.of("expectedVersion", 1, "dailySyncTime", "04:30")));

    assertThat((List<?>) first.read("$.data.updateSettings.userErrors")).isEmpty();
    assertThat((Integer) second.read("$.data.updateSettings.settings.version")).isEqualTo(2);
    assertThat((String) second.read("$.data.updateSettings.settings.currency")).isEqualTo("EUR");
    assertThat((String) second.read("$.data.updateSettings.settings.seatPrices[0].monthlyPrice"))
        .isEqualTo("8.60");
    assertThat((String) second.read("$.data.updateSettings.settings.dailySyncTime"))
        .isEqualTo("04:30");
    assertThat((String) asViewer(orgId).post(READ).read("$.data.settings.updatedBy")).isNotBlank();
  }

  @Test
  void shouldRejectAStaleVersionAndChangeNothing() {
    String orgId = installed();
    asAdmin(orgId).post(UPDATE, Map.of("input", Map.of("expectedVersion", 0, "currency", "EUR")));

    var stale =
        asAdmin(orgId)
            .post(UPDATE, Map.of("input", Map.of("expectedVersion", 0, "currency", "GBP")));

    assertThat((List<String>) stale.read("$.data.updateSettings.userErrors[*].code"))
        .containsExactly("STALE_VERSION");
    assertThat((String) asViewer(orgId).post(READ).read("$.data.settings.currency"))
        .isEqualTo("EUR");
  }

  @Test
  void shouldLetExactlyOneOfTwoConcurrentChangesWin() {
    String orgId = installed();
    List<CompletableFuture<GraphQlHttp.Response>> racers = new ArrayList<>();
    for (String currency : List.of("EUR", "GBP", "JPY", "CHF")) {
      racers.add(
          CompletableFuture.supplyAsync(
              () ->
                  asAdmin(orgId)
                      .post(
                          UPDATE,
                          Map.of("input", Map.of("expectedVersion", 0, "currency", currency)))));
    }
    long winners =
        racers.stream()
            .map(CompletableFuture::join)
            .filter(r -> ((List<?>) r.read("$.data.updateSettings.userErrors")).isEmpty())
            .count();

    assertThat(winners).isEqualTo(1);
    assertThat((Integer) asViewer(orgId).post(READ).read("$.data.settings.version")).isEqualTo(1);
  }

  @Test
  void shouldAnswerEachInvalidValueWithAUserErrorAndSaveNothing() {
    String orgId = installed();
    Map<String, Object> bad =
        Map.of(
            "expectedVersion",
            0,
            "activityBands",
            Map.of("activeWithinDays", 0, "lowUseWithinDays", 5000),
            "seatPrices",
            List.of(
                Map.of("product", "Jira Software", "monthlyPrice", "1"),
                Map.of("product", "confluence", "monthlyPrice", "-2"),
                Map.of("product", "bitbucket", "monthlyPrice", "1.005")),
            "currency",
            "EURO",
            "protectedAccounts",
            List.of("ok-1", "not an id"),
            "dailySyncTime",
            "25:00",
            "cleanupLogRetentionDays",
            3,
            "notifications",
            Map.of("runFinished", true, "syncFailed", true, "credentialsExpiringDays", 0));

    var response = asAdmin(orgId).post(UPDATE, Map.of("input", bad));

    assertThat((List<String>) response.read("$.data.updateSettings.userErrors[*].code"))
        .contains(
            "OUT_OF_RANGE",
            "INVALID_PRODUCT",
            "INVALID_PRICE",
            "INVALID_CURRENCY",
            "INVALID_ID",
            "INVALID_TIME");
    assertThat((List<?>) response.read("$.data.updateSettings.userErrors")).hasSize(10);
    assertThat((Object) response.read("$.data.updateSettings.settings")).isNull();
    assertThat((Integer) asViewer(orgId).post(READ).read("$.data.settings.version")).isZero();
  }

  @Test
  void shouldRefuseViewersAndKeepOrgsApart() {
    String orgA = installed();
    String orgB = installed();
    var viewer =
        asViewer(orgA)
            .post(UPDATE, Map.of("input", Map.of("expectedVersion", 0, "currency", "EUR")));
    asAdmin(orgA).post(UPDATE, Map.of("input", Map.of("expectedVersion", 0, "currency", "JPY")));

    assertThat((String) viewer.read("$.errors[0].extensions.code")).isEqualTo("FORBIDDEN");
    assertThat((String) asViewer(orgB).post(READ).read("$.data.settings.currency"))
        .isEqualTo("USD");
    assertThat((String) asViewer(orgA).post(READ).read("$.data.settings.currency"))
        .isEqualTo("JPY");
  }

  @Test
  void shouldPriceAndProtectInRulePreviews() {
    String orgId = installed();
    var directory = SyntheticDirectory.generate(5, 300, 12, Instant.now());
    writer.upsertGroups(orgId, directory.groups());
    writer.upsertUsers(orgId, directory.users());
    String preview =
        "query($rule: RuleInput!) { previewRule(input: { rule: $rule }, first: 100) {"
            + " userErrors { code message } preview { totals { matched protectedUsers excluded }"
            + " estimatedMonthlySavings { amount currency } matches { edges { node { user { accountId } } } } } } }";
    Map<String, Object> rule =
        Map.of(
            "name",
            "Idle Confluence",
            "scope",
            List.of("confluence"),
            "condition",
            Map.of("inactiveInProduct", Map.of("product", "confluence", "days", 30)),
            "action",
            Map.of("type", "REMOVE_PRODUCT_ACCESS"));
    var before = asAdmin(orgId).post(preview, Map.of("rule", rule));
    List<String> matched =
        before.read("$.data.previewRule.preview.matches.edges[*].node.user.accountId");
    assertThat(matched).as(before.body()).isNotEmpty();

    asAdmin(orgId)
        .post(
            UPDATE,
            Map.of(
                "input",
                Map.of(
                    "expectedVersion",
                    0,
                    "currency",
                    "EUR",
                    "seatPrices",
                    List.of(Map.of("product", "confluence", "monthlyPrice", "5.00")),
                    "protectedAccounts",
                    List.of(matched.get(0)))));
    var after = asAdmin(orgId).post(preview, Map.of("rule", rule));

    assertThat((String) after.read("$.data.previewRule.preview.estimatedMonthlySavings.currency"))
        .isEqualTo("EUR");
    List<String> stillMatched =
        after.read("$.data.previewRule.preview.matches.edges[*].node.user.accountId");
    assertThat(stillMatched).doesNotContain(matched.get(0));
    assertThat((Integer) after.read("$.data.previewRule.preview.totals.matched"))
        .isEqualTo((Integer) before.read("$.data.previewRule.preview.totals.matched") - 1);
    // Protected by the settings, not excluded by the rule: counted apart since protections have
    // one place (docs/safety.md).
    assertThat((Integer) after.read("$.data.previewRule.preview.totals.protectedUsers"))
        .isEqualTo((Integer) before.read("$.data.previewRule.preview.totals.protectedUsers") + 1);
    assertThat((Integer) after.read("$.data.previewRule.preview.totals.excluded"))
        .isEqualTo((Integer) before.read("$.data.previewRule.preview.totals.excluded"));
  }
}

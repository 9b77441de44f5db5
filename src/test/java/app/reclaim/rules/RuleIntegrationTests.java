package app.reclaim.rules;

import static org.assertj.core.api.Assertions.assertThat;

import app.reclaim.GraphQlHttp;
import app.reclaim.IntegrationTest;
import app.reclaim.directory.AccountType;
import app.reclaim.directory.DirectoryGroup;
import app.reclaim.directory.DirectoryUser;
import app.reclaim.directory.DirectoryWriter;
import app.reclaim.directory.GroupSource;
import app.reclaim.directory.SyntheticDirectory;
import app.reclaim.directory.UserStatus;
import app.reclaim.organizations.InstallOrganization;
import app.reclaim.organizations.OrganizationProfile;
import app.reclaim.organizations.OrganizationProfiles;
import app.reclaim.organizations.OrganizationService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Rules over real GraphQL HTTP: CRUD, validation, versions, roles, tenant isolation and preview.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RuleIntegrationTests extends IntegrationTest {

  static final String RULE_FIELDS =
      """
      id version name enabled scope includeApps updatedBy createdAt updatedAt
      condition { all { inactiveInProduct { product days } status } }
      exclusions { accounts groups domains } action { type groupId }""";
  static final String CREATE =
      "mutation($input: CreateRuleInput!) { createRule(input: $input) {"
          + " rule { "
          + RULE_FIELDS
          + " } userErrors { field message code } } }";
  static final String UPDATE =
      "mutation($input: UpdateRuleInput!) { updateRule(input: $input) {"
          + " rule { "
          + RULE_FIELDS
          + " } userErrors { field message code } } }";
  static final String DELETE =
      "mutation($input: DeleteRuleInput!) { deleteRule(input: $input) {"
          + " deletedRuleId userErrors { field message code } } }";
  static final String RULE = "query($id: ID!) { rule(id: $id) { " + RULE_FIELDS + " } }";
  static final String RULES =
      "query($first: Int, $after: String) { rules(first: $first, after: $after) {"
          + " totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id name } } } }";
  static final String PREVIEW =
      """
      query($input: PreviewRuleInput!, $first: Int, $after: String) {
        previewRule(input: $input, first: $first, after: $after) {
          userErrors { field message code }
          preview {
            ruleVersion
            totals { evaluated matched protectedUsers excluded requiringIdpAction }
            seatsFreed { product seats pricePerSeat monthlySavings }
            estimatedMonthlySavings { amount currency }
            matches {
              totalCount pageInfo { hasNextPage endCursor }
              edges { cursor node { user { accountId } outcome reasons { code detail }
                operations { kind product groupId groupName reason } seatsFreed } }
            }
          }
        }
      }""";

  @Autowired OrganizationService organizations;

  @Autowired OrganizationProfiles profiles;

  @Autowired DirectoryWriter writer;

  @Autowired Clock clock;

  String orgA;
  String orgB;
  SyntheticDirectory.Directory dirA;

  @BeforeAll
  void twoOrgs() {
    orgA = freshOrgId();
    orgB = freshOrgId();
    organizations.install(new InstallOrganization(orgA, "Org A", "eu"));
    organizations.install(new InstallOrganization(orgB, "Org B", "us"));
    dirA = SyntheticDirectory.generate(7, 400, 14, clock.instant());
    writer.upsertGroups(orgA, dirA.groups());
    writer.upsertUsers(orgA, dirA.users());
    profiles.update(
        orgA,
        new OrganizationProfile(
            null, Set.of("acme.example"), Set.copyOf(SyntheticDirectory.PRODUCTS)));
  }

  static Map<String, Object> ruleInput(String name) {
    return new HashMap<>(
        Map.of(
            "name",
            name,
            "scope",
            List.of("confluence"),
            "condition",
            Map.of(
                "all",
                List.of(
                    Map.of("inactiveInProduct", Map.of("product", "confluence", "days", 90)),
                    Map.of("status", List.of("ACTIVE")))),
            "exclusions",
            Map.of("domains", List.of("contractor.example")),
            "action",
            Map.of("type", "REMOVE_PRODUCT_ACCESS")));
  }

  String create(GraphQlHttp client, Map<String, Object> rule) {
    var response = client.post(CREATE, Map.of("input", Map.of("rule", rule)));
    assertThat(response.body()).doesNotContain("\"errors\"");
    assertThat((List<?>) response.read("$.data.createRule.userErrors")).isEmpty();
    return response.read("$.data.createRule.rule.id");
  }

  List<String> codes(GraphQlHttp.Response response, String payload) {
    assertThat(response.body()).doesNotContain("\"errors\"");
    return response.read("$.data." + payload + ".userErrors[*].code");
  }

  @Test
  void shouldCreateReadListAndDeleteARule() {
    GraphQlHttp admin = asAdmin(orgA);
    String id = create(admin, ruleInput("Stale confluence " + freshOrgId()));
    var read = asViewer(orgA).post(RULE, Map.of("id", id));
    assertThat((Integer) read.read("$.data.rule.version")).isEqualTo(1);
    assertThat((String) read.read("$.data.rule.updatedBy")).isEqualTo("test-admin");
    assertThat((Integer) read.read("$.data.rule.condition.all[0].inactiveInProduct.days"))
        .isEqualTo(90);
    assertThat((List<String>) read.read("$.data.rule.condition.all[1].status"))
        .containsExactly("ACTIVE");
    assertThat((List<String>) read.read("$.data.rule.exclusions.domains"))
        .containsExactly("contractor.example");
    assertThat(
            (List<String>)
                asViewer(orgA)
                    .post(RULES, Map.of("first", 100))
                    .read("$.data.rules.edges[*].node.id"))
        .contains(id);

    var deleted = admin.post(DELETE, Map.of("input", Map.of("id", id)));
    assertThat((String) deleted.read("$.data.deleteRule.deletedRuleId")).isEqualTo(id);
    assertThat((Object) asViewer(orgA).post(RULE, Map.of("id", id)).read("$.data.rule")).isNull();
    assertThat(codes(admin.post(DELETE, Map.of("input", Map.of("id", id))), "deleteRule"))
        .containsExactly("NOT_FOUND");
  }

  @Test
  void shouldPageThroughRules() {
    String org = freshOrgId();
    organizations.install(new InstallOrganization(org, "Paged", "eu"));
    List<String> created = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      created.add(create(asAdmin(org), ruleInput("rule " + i)));
    }
    List<String> walked = new ArrayList<>();
    String after = null;
    do {
      Map<String, Object> vars = new HashMap<>(Map.of("first", 2));
      if (after != null) {
        vars.put("after", after);
      }
      var page = asViewer(org).post(RULES, vars);
      walked.addAll(page.read("$.data.rules.edges[*].node.id"));
      after =
          Boolean.TRUE.equals(page.read("$.data.rules.pageInfo.hasNextPage"))
              ? page.read("$.data.rules.pageInfo.endCursor")
              : null;
    } while (after != null);
    assertThat(walked).containsExactlyElementsOf(created);
  }

  @Test
  void shouldStoreANewVersionOnUpdateAndRefuseAStaleOne() {
    GraphQlHttp admin = asAdmin(orgA);
    String name = "Versioned " + freshOrgId();
    String id = create(admin, ruleInput(name));
    Map<String, Object> changed = ruleInput(name);
    changed.put("enabled", false);
    var v2 =
        admin.post(
            UPDATE, Map.of("input", Map.of("id", id, "expectedVersion", 1, "rule", changed)));
    assertThat((Integer) v2.read("$.data.updateRule.rule.version")).isEqualTo(2);
    assertThat((Boolean) asViewer(orgA).post(RULE, Map.of("id", id)).read("$.data.rule.enabled"))
        .isFalse();

    var stale =
        admin.post(
            UPDATE,
            Map.of("input", Map.of("id", id, "expectedVersion", 1, "rule", ruleInput(name))));
    assertThat(codes(stale, "updateRule")).containsExactly("STALE_VERSION");
    assertThat((Integer) asViewer(orgA).post(RULE, Map.of("id", id)).read("$.data.rule.version"))
        .isEqualTo(2);
  }

  @Test
  void shouldRefuseInvalidRulesWithACodeEachAndSaveNothing() {
    GraphQlHttp admin = asAdmin(orgA);
    String idpGroup =
        dirA.groups().stream()
            .filter(g -> g.source() == GroupSource.IDP_SYNCED)
            .findFirst()
            .orElseThrow()
            .id();
    String existing = "Taken " + freshOrgId();
    create(admin, ruleInput(existing));
    Map<String, Map<String, Object>> cases = new java.util.LinkedHashMap<>();
    cases.put("BLANK", with(ruleInput(" "), Map.of()));
    cases.put("TOO_LONG", with(ruleInput("x".repeat(101)), Map.of()));
    cases.put("DUPLICATE_NAME", with(ruleInput(existing.toUpperCase()), Map.of()));
    cases.put("UNKNOWN_PRODUCT", with(ruleInput("p"), Map.of("scope", List.of("statuspage"))));
    cases.put("EMPTY_SCOPE", with(ruleInput("s"), Map.of("scope", List.of())));
    cases.put(
        "UNKNOWN_GROUP",
        with(ruleInput("g"), Map.of("exclusions", Map.of("groups", List.of("no-such-group")))));
    cases.put(
        "GROUP_REQUIRED",
        with(ruleInput("gr"), Map.of("action", Map.of("type", "REMOVE_FROM_GROUP"))));
    cases.put(
        "IDP_SYNCED_GROUP",
        with(
            ruleInput("i"),
            Map.of("action", Map.of("type", "REMOVE_FROM_GROUP", "groupId", idpGroup))));
    cases.put(
        "INVALID_DAYS",
        with(
            ruleInput("d"),
            Map.of("condition", Map.of("inactiveInAllProducts", Map.of("days", 0)))));
    cases.put(
        "INVALID_CONDITION",
        with(
            ruleInput("c"),
            Map.of("condition", Map.of("unmanaged", true, "status", List.of("ACTIVE")))));
    cases.put(
        "CONTRADICTORY",
        with(
            ruleInput("x"),
            Map.of(
                "condition",
                Map.of(
                    "all",
                    List.of(
                        Map.of("status", List.of("ACTIVE")),
                        Map.of("status", List.of("SUSPENDED")))))));
    cases.put(
        "APPS_PROTECTED",
        with(ruleInput("a"), Map.of("condition", Map.of("accountType", List.of("APP")))));
    Map<String, Object> deep = Map.of("status", List.of("ACTIVE"));
    for (int i = 0; i < 7; i++) {
      deep = Map.of("not", deep);
    }
    cases.put("TOO_DEEP", with(ruleInput("deep"), Map.of("condition", deep)));
    int before = asViewer(orgA).post(RULES, Map.of("first", 100)).read("$.data.rules.totalCount");
    cases.forEach(
        (code, rule) ->
            assertThat(
                    codes(admin.post(CREATE, Map.of("input", Map.of("rule", rule))), "createRule"))
                .as(code)
                .contains(code));
    assertThat(
            (Integer)
                asViewer(orgA).post(RULES, Map.of("first", 100)).read("$.data.rules.totalCount"))
        .isEqualTo(before);
  }

  static Map<String, Object> with(Map<String, Object> rule, Map<String, Object> changes) {
    Map<String, Object> out = new HashMap<>(rule);
    out.putAll(changes);
    return out;
  }

  @Test
  void shouldRefuseAViewersMutations() {
    var response =
        asViewer(orgA).post(CREATE, Map.of("input", Map.of("rule", ruleInput("viewer"))));
    assertThat(response.body()).contains("FORBIDDEN");
  }

  @Test
  void shouldKeepRulesInsideTheirOrganization() {
    String id = create(asAdmin(orgB), ruleInput("B's rule"));
    assertThat((Object) asViewer(orgA).post(RULE, Map.of("id", id)).read("$.data.rule")).isNull();
    assertThat(
            codes(
                asAdmin(orgA)
                    .post(
                        UPDATE,
                        Map.of(
                            "input",
                            Map.of("id", id, "expectedVersion", 1, "rule", ruleInput("stolen")))),
                "updateRule"))
        .containsExactly("NOT_FOUND");
    assertThat(codes(asAdmin(orgA).post(DELETE, Map.of("input", Map.of("id", id))), "deleteRule"))
        .containsExactly("NOT_FOUND");
    assertThat(
            codes(
                asViewer(orgA).post(PREVIEW, Map.of("input", Map.of("ruleId", id))), "previewRule"))
        .containsExactly("NOT_FOUND");
    assertThat((Object) asViewer(orgB).post(RULE, Map.of("id", id)).read("$.data.rule.id"))
        .isEqualTo(id);
  }

  @Test
  void shouldPreviewExactlyTheUsersAPlainReimplementationFinds() {
    String id = create(asAdmin(orgA), ruleInput("Preview " + freshOrgId()));
    Instant now = clock.instant();
    Map<String, DirectoryGroup> groups = new HashMap<>();
    dirA.groups().forEach(g -> groups.put(g.id(), g));
    List<String> expected = new ArrayList<>();
    int idp = 0;
    int protectedUsers = 0;
    for (DirectoryUser u : dirA.users()) {
      Instant last = u.lastActiveByProduct().get("confluence");
      boolean condition =
          u.status() == UserStatus.ACTIVE
              && (last == null || !last.isAfter(now.minus(Duration.ofDays(90))));
      if (!condition) {
        continue;
      }
      if (u.orgAdmin() || u.accountType() == AccountType.APP) {
        protectedUsers++;
        continue;
      }
      if ("contractor.example".equals(u.emailDomain())) {
        continue;
      }
      expected.add(u.accountId());
      boolean viaIdp =
          u.groupIds().stream()
              .map(groups::get)
              .anyMatch(g -> g.grants("confluence") && g.source() == GroupSource.IDP_SYNCED);
      if (viaIdp) {
        idp++;
      }
    }
    List<String> seen = new ArrayList<>();
    String after = null;
    GraphQlHttp viewer = asViewer(orgA);
    Map<String, Object> totals = null;
    do {
      Map<String, Object> vars = new HashMap<>(Map.of("input", Map.of("ruleId", id), "first", 50));
      if (after != null) {
        vars.put("after", after);
      }
      var page = viewer.post(PREVIEW, vars);
      assertThat(page.body()).doesNotContain("\"errors\"");
      totals = page.read("$.data.previewRule.preview.totals");
      seen.addAll(page.read("$.data.previewRule.preview.matches.edges[*].node.user.accountId"));
      after =
          Boolean.TRUE.equals(page.read("$.data.previewRule.preview.matches.pageInfo.hasNextPage"))
              ? page.read("$.data.previewRule.preview.matches.pageInfo.endCursor")
              : null;
    } while (after != null);

    assertThat(seen).containsExactlyInAnyOrderElementsOf(expected).doesNotHaveDuplicates();
    assertThat(totals)
        .containsEntry("evaluated", dirA.users().size())
        .containsEntry("matched", expected.size())
        .containsEntry("protectedUsers", protectedUsers)
        .containsEntry("requiringIdpAction", idp);
  }

  @Test
  void shouldPreviewAnUnsavedRuleWithSeatsAndSavings() {
    Map<String, Object> rule =
        with(
            ruleInput("unsaved"),
            Map.of(
                "action",
                Map.of("type", "SUSPEND"),
                "condition",
                Map.of("inactiveInAllProducts", Map.of("days", 365))));
    var page = asViewer(orgA).post(PREVIEW, Map.of("input", Map.of("rule", rule), "first", 5));
    assertThat(page.body()).doesNotContain("\"errors\"");
    assertThat((Object) page.read("$.data.previewRule.preview.ruleVersion")).isNull();
    int matched = page.read("$.data.previewRule.preview.totals.matched");
    assertThat(matched).isPositive();
    assertThat((List<?>) page.read("$.data.previewRule.preview.matches.edges"))
        .hasSizeLessThanOrEqualTo(5);
    assertThat(
            (List<String>)
                page.read("$.data.previewRule.preview.matches.edges[*].node.operations[*].kind"))
        .isNotEmpty()
        .isSubsetOf("SUSPEND", "SKIP");
    assertThat((String) page.read("$.data.previewRule.preview.estimatedMonthlySavings.currency"))
        .isEqualTo("USD");
    assertThat(
            codes(
                asViewer(orgA)
                    .post(
                        PREVIEW,
                        Map.of(
                            "input",
                            Map.of("rule", with(rule, Map.of("scope", List.of("nope!")))))),
                "previewRule"))
        .contains("UNKNOWN_PRODUCT");
  }
}

package app.reclaim.directory;

import static org.assertj.core.api.Assertions.assertThat;

import app.reclaim.GraphQlHttp;
import app.reclaim.IntegrationTest;
import app.reclaim.organizations.InstallOrganization;
import app.reclaim.organizations.OrganizationService;
import app.reclaim.store.CqlRequestCounter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;

/** The directory over real GraphQL HTTP: pages, batching, license paths and tenant isolation. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DirectoryQueryIntegrationTests extends IntegrationTest {

  static final String PAGE =
      """
      query($first: Int, $after: String, $filter: UserFilter, $order: UserOrder) {
        users(first: $first, after: $after, filter: $filter, orderBy: $order) {
          totalCount
          pageInfo { hasNextPage endCursor }
          edges { cursor node {
            accountId name email status accountType managed lastActive
            groups { id name source memberCount }
            licensePaths { product viaGroup grants { group { id } changeableIn } }
            productActivity { product hasAccess lastActive }
          } }
        }
      }""";

  @Autowired OrganizationService organizations;

  @Autowired DirectoryWriter writer;

  @Autowired CqlRequestCounter cqlRequests;

  @Autowired Clock clock;

  @Autowired DirectoryService directory;

  String orgA;
  String orgB;
  SyntheticDirectory.Directory dirA;
  SyntheticDirectory.Directory dirB;

  @BeforeAll
  void twoOrgs() {
    orgA = freshOrgId();
    orgB = freshOrgId();
    organizations.install(new InstallOrganization(orgA, "Org A", "eu"));
    organizations.install(new InstallOrganization(orgB, "Org B", "us"));
    dirA = SyntheticDirectory.generate(1, 300, 12, clock.instant());
    dirB = SyntheticDirectory.generate(2, 200, 8, clock.instant());
    writer.upsertGroups(orgA, dirA.groups());
    writer.upsertUsers(orgA, dirA.users());
    writer.upsertGroups(orgB, dirB.groups());
    writer.upsertUsers(orgB, dirB.users());
    // One account in both orgs (Atlassian account ids are global), with different data in each.
    writer.upsertUsers(
        orgA, List.of(DirectoryIndexIntegrationTests.user("shared-1", "Shared In A")));
    writer.upsertUsers(
        orgB, List.of(DirectoryIndexIntegrationTests.user("shared-1", "Shared In B")));
  }

  /**
   * Every argument of users(filter, orderBy) reaches the directory as the filter and order it
   * names: each case over GraphQL selects the same accounts, in the same order, as the service
   * called with the filter written out.
   */
  @Test
  void shouldPassEveryFilterAndOrderArgumentThrough() {
    String group = dirA.groups().get(1).id();
    record Case(
        Map<String, Object> filter,
        Map<String, Object> order,
        UserFilter expected,
        UserOrder expectedOrder) {

      static Case filter(Map<String, Object> filter, UserFilter expected) {
        return new Case(filter, null, expected, UserOrder.DEFAULT);
      }

      static Case order(Map<String, Object> order, UserOrder expected) {
        return new Case(null, order, UserFilter.NONE, expected);
      }
    }
    Set<UserStatus> gone = EnumSet.of(UserStatus.SUSPENDED, UserStatus.DEACTIVATED);
    Set<UserStatus> noStatus = EnumSet.noneOf(UserStatus.class);
    Set<String> acme = Set.of("acme.example");
    Set<AccountType> notPeople = EnumSet.of(AccountType.APP, AccountType.CUSTOMER);
    List<Case> cases =
        List.of(
            Case.filter(
                Map.of("search", "an"),
                new UserFilter("an", null, null, null, null, null, null, null, null, null)),
            Case.filter(
                Map.of("status", List.of("SUSPENDED", "DEACTIVATED")),
                new UserFilter(null, gone, null, null, null, null, null, null, null, null)),
            Case.filter(
                Map.of("status", List.of()),
                new UserFilter(null, noStatus, null, null, null, null, null, null, null, null)),
            Case.filter(
                Map.of("accountType", List.of("APP", "CUSTOMER")),
                new UserFilter(null, null, notPeople, null, null, null, null, null, null, null)),
            Case.filter(
                Map.of("hasAccessTo", "confluence"),
                new UserFilter(null, null, null, "confluence", null, null, null, null, null, null)),
            Case.filter(
                Map.of("inactive", Map.of("days", 90, "product", "jira-software")),
                new UserFilter(
                    null, null, null, null, 90, "jira-software", null, null, null, null)),
            Case.filter(
                Map.of("inactive", Map.of("days", 30)),
                new UserFilter(null, null, null, null, 30, null, null, null, null, null)),
            Case.filter(
                Map.of("neverActive", true, "managed", false),
                new UserFilter(null, null, null, null, null, null, true, false, null, null)),
            Case.filter(
                Map.of("memberOf", group),
                new UserFilter(null, null, null, null, null, null, null, null, group, null)),
            Case.filter(
                Map.of("emailDomain", List.of("acme.example")),
                new UserFilter(null, null, null, null, null, null, null, null, null, acme)),
            Case.order(
                Map.of("field", "EMAIL", "direction", "DESC"),
                new UserOrder(UserOrder.Field.EMAIL, true, null)),
            Case.order(
                Map.of("field", "LAST_ACTIVE", "product", "confluence"),
                new UserOrder(UserOrder.Field.LAST_ACTIVE, false, "confluence")));
    GraphQlHttp admin = asAdmin(orgA);
    app.reclaim.security.Caller caller =
        new app.reclaim.security.Caller(orgA, "tester", Set.of(app.reclaim.security.Role.VIEWER));
    for (Case c : cases) {
      Map<String, Object> variables = new java.util.HashMap<>();
      variables.put("first", 100);
      if (c.filter() != null) {
        variables.put("filter", c.filter());
      }
      if (c.order() != null) {
        variables.put("order", c.order());
      }
      var answer = admin.post(PAGE, variables);
      List<String> expected =
          directory.users(caller, c.expected(), c.expectedOrder(), 100, null).items().stream()
              .map(item -> item.node().accountId())
              .toList();
      assertThat((List<?>) answer.read("$.data.users.edges[*].node.accountId"))
          .as("%s %s", c.filter(), c.order())
          .isEqualTo(expected);
      assertThat((Integer) answer.read("$.data.users.totalCount"))
          .isEqualTo(
              directory.users(caller, c.expected(), c.expectedOrder(), 1, null).totalCount());
    }
  }

  @Test
  void shouldServeAPageOfFiftyUsersWithGroupsInABoundedNumberOfQueries() {
    GraphQlHttp admin = asAdmin(orgA);
    admin.post(PAGE, Map.of("first", 1)); // builds the index (one full read)

    long before = cqlRequests.count();
    var ten = admin.post(PAGE, Map.of("first", 10));
    long tenQueries = cqlRequests.count() - before;
    before = cqlRequests.count();
    var fifty = admin.post(PAGE, Map.of("first", 50));
    long fiftyQueries = cqlRequests.count() - before;

    assertThat((List<?>) fifty.read("$.data.users.edges")).hasSize(50);
    assertThat((List<?>) ten.read("$.data.users.edges")).hasSize(10);
    assertThat((List<?>) fifty.read("$.data.users.edges[*].node.groups[*].id")).isNotEmpty();
    assertThat(fiftyQueries).as("Cassandra queries for 50 users").isLessThanOrEqualTo(2);
    assertThat(fiftyQueries).isLessThanOrEqualTo(tenQueries + 1);
  }

  @Test
  void shouldFilterOrderAndPageThroughCursors() {
    Map<String, Object> variables =
        Map.of(
            "first",
            7,
            "filter",
            Map.of("status", List.of("ACTIVE"), "accountType", List.of("ATLASSIAN")),
            "order",
            Map.of("field", "LAST_ACTIVE", "direction", "DESC", "product", "confluence"));
    List<String> walked = new ArrayList<>();
    String after = null;
    int total;
    do {
      Map<String, Object> vars = new java.util.HashMap<>(variables);
      if (after != null) {
        vars.put("after", after);
      }
      var page = asViewer(orgA).post(PAGE, vars);
      assertThat(page.body()).doesNotContain("\"errors\"");
      walked.addAll(page.read("$.data.users.edges[*].node.accountId"));
      total = page.read("$.data.users.totalCount");
      after =
          Boolean.TRUE.equals(page.read("$.data.users.pageInfo.hasNextPage"))
              ? page.read("$.data.users.pageInfo.endCursor")
              : null;
    } while (after != null);

    long expected =
        dirA.users().stream()
                .filter(
                    u ->
                        u.status() == UserStatus.ACTIVE && u.accountType() == AccountType.ATLASSIAN)
                .count()
            + 1; // + shared-1
    assertThat(walked).hasSize((int) expected).doesNotHaveDuplicates();
    assertThat(total).isEqualTo(expected);
  }

  @Test
  void shouldNameTheGroupsThatGrantEachProductAndWhereTheyChange() {
    DirectoryGroup idpGroup =
        dirA.groups().stream()
            .filter(g -> g.source() == GroupSource.IDP_SYNCED && !g.roles().isEmpty())
            .findFirst()
            .orElseThrow();
    String product = idpGroup.roles().keySet().iterator().next();
    writer.upsertUsers(orgA, List.of(DirectoryIndexIntegrationTests.user("lp-1", "License Path")));
    writer.addMembers(orgA, idpGroup.id(), List.of("lp-1"));

    var response =
        asViewer(orgA)
            .post(
                """
        query($id: ID!) { user(accountId: $id) {
          licensePaths { product viaGroup grants { group { id source } changeableIn } } } }""",
                Map.of("id", "lp-1"));

    assertThat(
            (List<String>)
                response.read(
                    "$.data.user.licensePaths[?(@.product == '"
                        + product
                        + "')].grants[*].changeableIn"))
        .containsExactly("IDENTITY_PROVIDER");
    assertThat(
            (List<Boolean>)
                response.read("$.data.user.licensePaths[?(@.product == 'confluence')].viaGroup"))
        .containsExactly(product.equals("confluence"));
  }

  @Test
  void shouldRejectABadCursorAndAnOversizedPage() {
    var badCursor = asViewer(orgA).post(PAGE, Map.of("after", "not-a-cursor"));
    var tooMany = asViewer(orgA).post(PAGE, Map.of("first", 101));

    assertThat((String) badCursor.read("$.errors[0].extensions.code")).isEqualTo("BAD_USER_INPUT");
    assertThat((String) tooMany.read("$.errors[0].extensions.code")).isEqualTo("BAD_USER_INPUT");
  }

  @Nested
  class TenantIsolation {

    @Test
    void shouldListOnlyTheCallersUsersAndGroups() {
      List<String> users =
          asViewer(orgA)
              .post(PAGE, Map.of("first", 100))
              .read("$.data.users.edges[*].node.accountId");
      List<String> groups =
          asViewer(orgA)
              .post("{ groups(first: 100) { edges { node { id } } totalCount } }")
              .read("$.data.groups.edges[*].node.id");

      assertThat(users)
          .isNotEmpty()
          .allMatch(
              id -> id.startsWith("acc-1-") || id.startsWith("app-1-") || id.equals("shared-1"));
      assertThat(groups).hasSize(12).allMatch(id -> id.startsWith("g-1-"));
    }

    @Test
    void shouldNotFindAnotherOrgsUserOrGroupById() {
      String userOfB = dirB.users().get(0).accountId();
      String groupOfB = dirB.groups().get(0).id();

      var user =
          asAdmin(orgA)
              .post(
                  "query($id: ID!) { user(accountId: $id) { accountId } }", Map.of("id", userOfB));
      var group =
          asAdmin(orgA).post("query($id: ID!) { group(id: $id) { id } }", Map.of("id", groupOfB));
      var shared = asAdmin(orgA).post("{ user(accountId: \"shared-1\") { name } }");

      assertThat(user.body()).isEqualTo("{\"data\":{\"user\":null}}");
      assertThat(group.body()).isEqualTo("{\"data\":{\"group\":null}}");
      assertThat((String) shared.read("$.data.user.name")).isEqualTo("Shared In A");
    }

    @Test
    void shouldNotMatchAnotherOrgsGroupOrReuseItsCursor() {
      String groupOfB = dirB.groups().get(0).id();
      var byGroup = asAdmin(orgA).post(PAGE, Map.of("filter", Map.of("memberOf", groupOfB)));
      String cursorOfB =
          asAdmin(orgB).post(PAGE, Map.of("first", 3)).read("$.data.users.pageInfo.endCursor");
      var withCursorOfB = asAdmin(orgA).post(PAGE, Map.of("first", 100, "after", cursorOfB));

      assertThat((Integer) byGroup.read("$.data.users.totalCount")).isZero();
      List<String> ids = withCursorOfB.read("$.data.users.edges[*].node.accountId");
      assertThat(ids).noneMatch(id -> id.startsWith("acc-2-") || id.startsWith("app-2-"));
    }

    @Test
    void shouldCountOnlyTheCallersDirectory() {
      var counts = asViewer(orgB).post("{ organization { id counts { users groups } } }");

      assertThat((String) counts.read("$.data.organization.id")).isEqualTo(orgB);
      assertThat((Integer) counts.read("$.data.organization.counts.users")).isEqualTo(201);
      assertThat((Integer) counts.read("$.data.organization.counts.groups")).isEqualTo(8);
    }
  }
}

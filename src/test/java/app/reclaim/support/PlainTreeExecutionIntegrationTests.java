package app.reclaim.support;

import static org.assertj.core.api.Assertions.assertThat;

import app.reclaim.IntegrationTest;
import app.reclaim.directory.DirectoryWriter;
import app.reclaim.directory.SyntheticDirectory;
import app.reclaim.organizations.InstallOrganization;
import app.reclaim.organizations.OrganizationService;
import app.reclaim.security.Caller;
import app.reclaim.security.Role;
import graphql.ExecutionInput;
import graphql.GraphQL;
import graphql.execution.AsyncExecutionStrategy;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.execution.GraphQlSource;

/**
 * In the application: the users page is completed by the shortcut, answers what graphql-java's own
 * strategy answers for the same caller, and errors still reach the client with their codes.
 */
class PlainTreeExecutionIntegrationTests extends IntegrationTest {

  static final String PAGE =
      """
      query($filter: UserFilter, $order: UserOrder) {
        users(first: 50, filter: $filter, orderBy: $order) {
          totalCount
          pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
          edges { cursor node {
            __typename accountId name email status accountType managed lastActive addedToOrg
          } }
        }
      }""";

  @Autowired GraphQlSource source;

  @Autowired OrganizationService organizations;

  @Autowired DirectoryWriter writer;

  @Autowired Clock clock;

  @Test
  void answersTheUsersPageAsGraphQlJavaWouldThroughTheShortcut() {
    String orgId = freshOrgId();
    organizations.install(new InstallOrganization(orgId, "Plain", "eu"));
    var directory = SyntheticDirectory.generate(8, 120, 6, clock.instant());
    writer.upsertGroups(orgId, directory.groups());
    writer.upsertUsers(orgId, directory.users());
    Map<String, Object> variables =
        Map.of(
            "filter", Map.of("status", List.of("ACTIVE")),
            "order", Map.of("field", "LAST_ACTIVE", "product", "jira-software"));

    GraphQL graphQl = source.graphQl();
    PlainTreeExecutionStrategy strategy = PlainTreeExecution.of(graphQl);
    GraphQL reference =
        graphQl.transform(
            b ->
                b.queryExecutionStrategy(
                    new AsyncExecutionStrategy(PlainTreeExecution.handlerOf(strategy))));
    Caller caller = new Caller(orgId, "viewer", Set.of(Role.VIEWER));
    long before = strategy.objectsCompleted();
    Map<String, Object> expected = reference.execute(input(variables, caller)).toSpecification();
    Map<String, Object> actual = graphQl.execute(input(variables, caller)).toSpecification();

    assertThat(actual).isEqualTo(expected).doesNotContainKey("errors");
    // one shortcut for the whole page: the connection with its edges and users
    assertThat(strategy.objectsCompleted()).isEqualTo(before + 1);
    assertThat(actual.toString()).contains("accountId=", "__typename=User", "totalCount=");

    // and over HTTP, as clients see it
    var page = asViewer(orgId).post(PAGE, variables);
    assertThat((List<?>) page.read("$.data.users.edges")).hasSize(50);
    assertThat((Object) page.read("$.data.users.totalCount"))
        .isEqualTo(((Map<?, ?>) ((Map<?, ?>) actual.get("data")).get("users")).get("totalCount"));
  }

  @Test
  void reportsErrorsOfControllersWithTheirCodes() {
    String orgId = freshOrgId();
    organizations.install(new InstallOrganization(orgId, "Plain errors", "eu"));
    var answer =
        asViewer(orgId)
            .post(
                "{ users(first: 5, filter: {search: \"%s\"}) { edges { node { accountId } } } }"
                    .formatted("x".repeat(1000)));
    assertThat((Object) answer.read("$.errors[0].extensions.code")).isEqualTo("BAD_USER_INPUT");
  }

  private static ExecutionInput input(Map<String, Object> variables, Caller caller) {
    return ExecutionInput.newExecutionInput(PAGE)
        .variables(variables)
        .graphQLContext(Map.of(Caller.CONTEXT_KEY, caller))
        .build();
  }
}

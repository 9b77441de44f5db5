package app.reclaim.support;

import static org.assertj.core.api.Assertions.assertThat;

import app.reclaim.CapturedLogs;
import app.reclaim.GraphQlHttp;
import app.reclaim.IntegrationTest;
import app.reclaim.SlowHolders;
import app.reclaim.organizations.InstallOrganization;
import app.reclaim.organizations.OrganizationService;
import ch.qos.logback.classic.Level;
import com.datastax.oss.driver.api.core.CqlSession;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * While Cassandra does not answer, GraphQL says so with the retryable code UNAVAILABLE and a retry
 * hint, never INTERNAL and never a success; the log keeps the driver's exception.
 */
class CassandraDownIntegrationTests extends IntegrationTest {

  static final String QUERY = "{ organization { id name } }";
  static final String RENAME =
      "mutation { updateOrganization(input: {name: \"Renamed\"}) {"
          + " organization { name } userErrors { code } } }";

  @RegisterExtension final CapturedLogs logs = new CapturedLogs("app.reclaim", Level.INFO);

  @Autowired OrganizationService organizations;
  @Autowired CqlSession session;

  @Test
  void shouldAnswerUnavailableWithARetryHintWhileCassandraIsDown() {
    String orgId = freshOrgId();
    organizations.install(new InstallOrganization(orgId, "Raviga", "eu"));
    GraphQlHttp admin = asAdmin(orgId);

    // The query fails in its resolver (the request times out); by then the org's cached registry
    // row is stale, so the mutation fails in the check that runs before any resolver.
    List<GraphQlHttp.Response> answers =
        SlowHolders.whileCassandraPaused(() -> List.of(admin.post(QUERY), admin.post(RENAME)));
    SlowHolders.awaitCassandra(session);

    GraphQlHttp.Response query = answers.get(0);
    assertThat(query.status()).as(query.body()).isEqualTo(200);
    assertThat((Object) query.read("$.data")).isNull();
    assertUnavailable(query);

    GraphQlHttp.Response rename = answers.get(1);
    assertThat(rename.status()).as(rename.body()).isEqualTo(503);
    assertThat(rename.header("Retry-After")).isEqualTo("5");
    assertThat(rename.body()).doesNotContain("\"data\"");
    assertUnavailable(rename);

    assertThat(logs.lines())
        .anySatisfy(line -> assertThat(line).contains("com.datastax.oss.driver"));
    assertThat(admin.post(QUERY).<String>read("$.data.organization.name")).isEqualTo("Raviga");
  }

  static void assertUnavailable(GraphQlHttp.Response response) {
    assertThat((String) response.read("$.errors[0].extensions.code")).isEqualTo("UNAVAILABLE");
    assertThat((Integer) response.read("$.errors[0].extensions.retryAfterSeconds")).isEqualTo(5);
    assertThat((String) response.read("$.errors[0].message")).contains("retry");
    assertThat(response.body()).doesNotContain("INTERNAL");
  }
}

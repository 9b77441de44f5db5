package app.reclaim.support;

import static org.assertj.core.api.Assertions.assertThat;

import app.reclaim.GraphQlHttp;
import app.reclaim.IntegrationTest;
import app.reclaim.organizations.InstallOrganization;
import app.reclaim.organizations.OrganizationService;
import com.jayway.jsonpath.JsonPath;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.json.JsonMapper;

/**
 * The abuse limits over real HTTP: each refusal is a GraphQL response with code BAD_USER_INPUT and
 * no {@code data}, with the status GraphQL over HTTP prescribes, and the server answers the next
 * normal query as before.
 */
class GraphQlLimitsIntegrationTests extends IntegrationTest {

  static final String GRAPHQL_RESPONSE = "application/graphql-response+json";
  static final String NORMAL = "{ organization { id name } }";
  static final HttpClient CLIENT = HttpClient.newHttpClient();
  static final JsonMapper JSON = JsonMapper.builder().build();

  @Autowired OrganizationService organizations;
  @Autowired org.springframework.graphql.execution.GraphQlSource graphQlSource;
  @Autowired org.springframework.context.ApplicationContext context;

  String orgId;
  GraphQlHttp admin;

  @BeforeEach
  void installOrganization() {
    orgId = freshOrgId();
    organizations.install(new InstallOrganization(orgId, "Limits Ltd", "eu"));
    admin = asAdmin(orgId);
  }

  /**
   * The limits instrumentation is graphql-java's only one, not wrapped in a chain (a chain works
   * around every field: an eighth of a 50-user page), and no other instrumentation bean exists that
   * installing it alone would silently drop: operation checks are {@link OperationCheck} beans.
   */
  @Test
  void theLimitsAreTheOnlyInstrumentationAndRunUnchained() {
    var instrumentation = graphQlSource.graphQl().getInstrumentation();
    assertThat(instrumentation).isInstanceOf(QueryLimitsInstrumentation.class);
    assertThat(context.getBeansOfType(graphql.execution.instrumentation.Instrumentation.class))
        .hasSize(1)
        .containsValue(instrumentation);
    assertThat(context.getBeansOfType(OperationCheck.class)).hasSizeGreaterThanOrEqualTo(2);
  }

  void assertRefused(
      GraphQlHttp.Response response, int status, String limit, String... messageParts) {
    assertThat(response.status()).isEqualTo(status);
    assertThat(response.contentType()).startsWith(GRAPHQL_RESPONSE);
    Map<String, Object> body = JsonPath.parse(response.body()).json();
    assertThat(body).containsOnlyKeys("errors");
    assertThat((String) JsonPath.read(response.body(), "$.errors[0].extensions.code"))
        .isEqualTo("BAD_USER_INPUT");
    assertThat((String) JsonPath.read(response.body(), "$.errors[0].extensions.limit"))
        .isEqualTo(limit);
    assertThat((String) JsonPath.read(response.body(), "$.errors[0].message"))
        .contains(messageParts);
    assertStillAnswering();
  }

  void assertStillAnswering() {
    var normal = admin.post(NORMAL);
    assertThat(normal.status()).isEqualTo(200);
    assertThat((String) normal.read("$.data.organization.id")).isEqualTo(orgId);
  }

  GraphQlHttp.Response post(String query) {
    return admin.postRaw(json(query));
  }

  @Test
  void shouldAnswerALegitimateQuery() {
    var response = post("{ organization { id name region installedAt } org: organization { id } }");

    assertThat(response.status()).isEqualTo(200);
    assertThat((String) JsonPath.read(response.body(), "$.data.org.id")).isEqualTo(orgId);
    assertThat(response.body()).doesNotContain("errors");
  }

  @Test
  void shouldRefuseAQuery50LevelsDeep() {
    // __schema 1, queryType 2, 47 x ofType, name 50: introspection is the deep path this schema
    // has.
    String query =
        "{ __schema { queryType { " + "ofType { ".repeat(47) + "name" + " }".repeat(47) + " } } }";

    assertRefused(post(query), 400, "depth", "50 levels deep", "maximum is 15");
  }

  @Test
  void shouldRefuseTenThousandAliases() {
    StringBuilder query = new StringBuilder("{");
    for (int i = 0; i < 10_000; i++) {
      query.append(" a").append(i).append(": __typename");
    }

    // 10,000 aliases do not fit in 32 KB: the document size refuses them before the parser runs.
    assertRefused(
        post(query.append(" }").toString()), 400, "documentSize", "maximum is 32768 bytes");
  }

  @Test
  void shouldRefuseAPageOfOneHundredThousandUsers() {
    assertRefused(
        post("{ users(first: 100000) { edges { node { accountId } } } }"),
        400,
        "pageSize",
        "first: 100000",
        "between 0 and 100");
    assertRefused(
        admin.postRaw(
            json(
                "query($n: Int) { groups { edges { node { members(first: $n) "
                    + "{ totalCount } } } } }",
                Map.of("n", 100_000))),
        400,
        "pageSize",
        "first: 100000");
  }

  @Test
  void shouldRefuseMoreThanThirtyAliases() {
    StringBuilder query = new StringBuilder("{");
    for (int i = 0; i < 31; i++) {
      query.append(" a").append(i).append(": __typename");
    }

    assertRefused(
        post(query.append(" }").toString()), 400, "aliases", "31 aliases", "maximum is 30");
  }

  @Test
  void shouldRefuseAOneMegabyteDocumentWith413() {
    String query = "{ organization { id } }" + " ".repeat(1024 * 1024);

    assertRefused(post(query), 413, "requestSize", "larger than 1048576 bytes");
  }

  @Test
  void shouldRefuseBatchedOperations() {
    String batch = "[" + json(NORMAL) + "," + json("{ __typename }") + "]";

    assertRefused(admin.postRaw(batch), 400, "batching", "one operation per request");
  }

  @Nested
  class GraphQlOverHttp {

    @Test
    void shouldAnswerRequestErrorsWith400UnderTheGraphQlMediaType() {
      var response = post("{ organization { secret } }");

      assertThat(response.status()).isEqualTo(400);
      assertThat(response.contentType()).startsWith(GRAPHQL_RESPONSE);
      assertThat(response.body()).doesNotContain("\"data\"");
    }

    @Test
    void shouldAnswer200UnderApplicationJsonAsTheSpecSays() {
      String thirtyOneAliases = "{" + " a: __typename".repeat(31) + " }";
      for (String accept : new String[] {"application/json", null}) {
        var invalid =
            send(
                admin.authorization(),
                "application/json",
                accept,
                json("{ organization { secret } }"));
        var overLimit =
            send(admin.authorization(), "application/json", accept, json(thirtyOneAliases));
        var normal = send(admin.authorization(), "application/json", accept, json(NORMAL));

        for (Raw response : new Raw[] {invalid, overLimit, normal}) {
          assertThat(response.status()).as("Accept %s", accept).isEqualTo(200);
          assertThat(response.contentType()).startsWith("application/json");
        }
        assertThat((String) JsonPath.read(invalid.body(), "$.errors[0].extensions.code"))
            .isEqualTo("BAD_USER_INPUT");
        assertThat((String) JsonPath.read(overLimit.body(), "$.errors[0].extensions.limit"))
            .isEqualTo("aliases");
        assertThat((String) JsonPath.read(normal.body(), "$.data.organization.id"))
            .isEqualTo(orgId);
      }
    }

    @Test
    void shouldAcceptOnlyPost() throws Exception {
      var get =
          CLIENT.send(
              HttpRequest.newBuilder(
                      URI.create("http://localhost:" + port + "/graphql?query=%7B__typename%7D"))
                  .header("Authorization", admin.authorization())
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofString());

      assertThat(get.statusCode()).isEqualTo(405);
    }

    @Test
    void shouldAnswerABodyThatIsNotAGraphQlRequestWithAGraphQlError() {
      for (String body : new String[] {"{\"query\":", "{\"variables\":{}}", "\"{ __typename }\""}) {
        var response = admin.postRaw(body);

        assertThat(response.status()).as(body).isEqualTo(400);
        assertThat(response.contentType()).startsWith(GRAPHQL_RESPONSE);
        assertThat((String) JsonPath.read(response.body(), "$.errors[0].extensions.code"))
            .isEqualTo("BAD_USER_INPUT");
        assertThat((String) JsonPath.read(response.body(), "$.errors[0].message"))
            .contains("\"query\" string");
      }
      assertStillAnswering();
    }
  }

  static String json(String query) {
    return JSON.writeValueAsString(Map.of("query", query));
  }

  static String json(String query, Map<String, Object> variables) {
    return JSON.writeValueAsString(Map.of("query", query, "variables", variables));
  }

  /**
   * A POST with its own Accept, or none: the shared client always asks for the GraphQL media type.
   */
  Raw send(String authorization, String contentType, String accept, String body) {
    var request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/graphql"))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    if (accept != null) {
      request.header("Accept", accept);
    }
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    try {
      var response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Raw(
          response.statusCode(),
          response.headers().firstValue("Content-Type").orElse(""),
          response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  record Raw(int status, String contentType, String body) {}
}

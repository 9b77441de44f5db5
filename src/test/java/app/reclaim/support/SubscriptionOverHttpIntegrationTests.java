package app.reclaim.support;

import static org.assertj.core.api.Assertions.assertThat;

import app.reclaim.GraphQlHttp;
import app.reclaim.IntegrationTest;
import app.reclaim.organizations.InstallOrganization;
import app.reclaim.organizations.OrganizationService;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Subscriptions are served over WebSocket only: sent as a plain POST they are refused with 400
 * before anything runs, and a request for server-sent events with 406, each saying where to go.
 */
class SubscriptionOverHttpIntegrationTests extends IntegrationTest {

  static final String SUBSCRIPTION = "subscription { organizationEvents { type } }";

  @Autowired OrganizationService organizations;

  String orgId;

  @BeforeEach
  void install() {
    orgId = freshOrgId();
    organizations.install(new InstallOrganization(orgId, "Aviato", "eu"));
  }

  @Test
  void shouldRefuseASubscriptionPostedAsJsonWith400() {
    for (String accept : List.of("application/json", "application/graphql-response+json")) {
      GraphQlHttp.Response response = asViewer(orgId).header("Accept", accept).post(SUBSCRIPTION);

      assertThat(response.status()).as(accept).isEqualTo(400);
      assertThat(response.contentType()).as(accept).startsWith(accept);
      assertThat((String) response.read("$.errors[0].extensions.code"))
          .isEqualTo("WEBSOCKET_REQUIRED");
      assertThat((String) response.read("$.errors[0].message"))
          .contains("WebSocket")
          .contains("graphql-transport-ws");
      assertThat(response.body()).doesNotContain("\"data\"").doesNotContainIgnoringCase("flux");
    }
  }

  @Test
  void shouldRefuseServerSentEventsWith406() {
    GraphQlHttp.Response response =
        asViewer(orgId).header("Accept", "text/event-stream").post(SUBSCRIPTION);

    assertThat(response.status()).isEqualTo(406);
    assertThat(response.contentType()).startsWith("application/json");
    assertThat((String) response.read("$.errors[0].extensions.code"))
        .isEqualTo("WEBSOCKET_REQUIRED");
  }

  @Test
  void shouldStillAnswerQueriesAndRefuseUnauthenticatedSubscriptionsWith401() {
    for (String accept : List.of("*/*", "application/json, text/event-stream")) {
      GraphQlHttp.Response query =
          asViewer(orgId).header("Accept", accept).post("{ organization { id } }");

      assertThat(query.status()).as(accept).isEqualTo(200);
      assertThat((String) query.read("$.data.organization.id")).isEqualTo(orgId);
    }
    assertThat(anonymous().post(SUBSCRIPTION).status()).isEqualTo(401);
  }
}

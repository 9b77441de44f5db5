package app.reclaim.security;

import static org.assertj.core.api.Assertions.assertThat;

import app.reclaim.GraphQlSocket;
import app.reclaim.IntegrationTest;
import app.reclaim.organizations.OrganizationService;
import app.reclaim.sync.DirectorySync;
import app.reclaim.sync.SyncJob;
import com.nimbusds.jose.jwk.ECKey;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A graphql-transport-ws connection lives as long as the token it was opened with: at {@code exp}
 * plus the allowed clock skew the server closes it with 4401, ending its subscriptions.
 */
class SubscriptionLifetimeIntegrationTests extends IntegrationTest {

  static final Duration TIMEOUT = Duration.ofSeconds(60);
  static final String EVENTS = "subscription { organizationEvents { type sync { state } } }";

  @Autowired SecurityProperties properties;
  @Autowired OrganizationService organizations;
  @Autowired DirectorySync sync;

  /** An ADMIN token of {@code orgId} that the server accepts until {@code validUntil}. */
  String tokenValidUntil(String orgId, Instant validUntil) {
    ECKey key = LocalKeys.loadOrCreate(Path.of(properties.localKeyDir()));
    // exp is whole seconds; the server accepts the token until exp plus its clock skew.
    Instant exp = validUntil.minus(properties.jwt().clockSkew()).truncatedTo(ChronoUnit.SECONDS);
    return TestTokens.sign(
        key,
        TestTokens.api(properties.jwt(), orgId, "ADMIN").expirationTime(Date.from(exp)).build());
  }

  static boolean isEvent(GraphQlSocket.Received m, String type) {
    return "events".equals(m.id())
        && "next".equals(m.type())
        && type.equals(m.read("$.payload.data.organizationEvents.type"));
  }

  @Test
  void shouldCloseTheConnectionWith4401WhenItsTokenExpires() throws Exception {
    // Credentials expiring in 5 days: each subscription's first event says so, a sign it is live.
    String orgId = simulatedOrg(71, 12, 3, 5);
    Instant validUntil = Instant.now().plusSeconds(4).truncatedTo(ChronoUnit.SECONDS);
    try (GraphQlSocket expiring =
            GraphQlSocket.open(port, tokenValidUntil(orgId, validUntil), TIMEOUT);
        GraphQlSocket lasting = GraphQlSocket.open(port, token(orgId, Role.VIEWER), TIMEOUT)) {
      expiring.subscribe("q", "{ organization { id } }");
      expiring.await("the query's answer", m -> "complete".equals(m.type()));
      assertThat((String) expiring.of("q").get(0).read("$.payload.data.organization.id"))
          .isEqualTo(orgId);
      expiring.subscribe("events", EVENTS);
      lasting.subscribe("events", EVENTS);
      expiring.await("first event", m -> isEvent(m, "CREDENTIALS_EXPIRING"));
      lasting.await("first event", m -> isEvent(m, "CREDENTIALS_EXPIRING"));

      GraphQlSocket.Closed closed = expiring.awaitClose();

      assertThat(closed.code()).isEqualTo(4401);
      assertThat(closed.reason()).containsIgnoringCase("token expired");
      // Not before the token stops being valid (one second for the clocks of this one machine).
      assertThat(closed.at()).isAfter(validUntil.minusSeconds(1));
      int receivedBeforeClose = expiring.received().size();

      // Something happens after the close: the lasting connection hears of it, the closed one
      // does not, and what was sent on the closed one did not run.
      expiring.subscribe(
          "rename",
          "mutation { updateOrganization(input: {name: \"Renamed\"}) { userErrors { code } } }");
      assertThat(sync.runNow(orgId, SyncJob.Kind.INCREMENTAL).job().state())
          .isEqualTo(SyncJob.State.COMPLETED);
      lasting.await("the sync's event", m -> isEvent(m, "SYNC_FINISHED"));
      assertThat(lasting.isClosed()).isFalse();
      assertThat(expiring.received()).hasSize(receivedBeforeClose);
      assertThat(organizations.find(orgId).orElseThrow().name()).isEqualTo("Simulated " + orgId);
    }
  }
}

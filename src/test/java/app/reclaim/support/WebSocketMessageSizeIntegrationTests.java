package app.reclaim.support;

import static org.assertj.core.api.Assertions.assertThat;

import app.reclaim.GraphQlSocket;
import app.reclaim.IntegrationTest;
import app.reclaim.security.Role;
import app.reclaim.sync.DirectorySync;
import app.reclaim.sync.SyncJob;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Documents over WebSocket get the same size limit as over HTTP (32 KB): a larger one is refused
 * with an {@code error} for its own operation, and the connection and its other subscriptions go
 * on. A message the container cannot hold (above 64 KB) closes the connection with 1009.
 */
class WebSocketMessageSizeIntegrationTests extends IntegrationTest {

  static final Duration TIMEOUT = Duration.ofSeconds(60);
  static final String EVENTS = "subscription { organizationEvents { type sync { state } } }";

  @Autowired DirectorySync sync;

  /** {@link #EVENTS} padded with a comment to {@code bytes} bytes. */
  static String eventsOfSize(int bytes) {
    String head = EVENTS + "\n# ";
    return head + "x".repeat(bytes - head.length());
  }

  static boolean isEvent(GraphQlSocket.Received m, String id, String type) {
    return id.equals(m.id())
        && "next".equals(m.type())
        && type.equals(m.read("$.payload.data.organizationEvents.type"));
  }

  @Test
  @SuppressWarnings("unchecked")
  void shouldRefuseADocumentAboveTheLimitForItsOperationOnly() throws Exception {
    // Credentials expiring in 5 days: each subscription's first event says so, a sign it is live.
    String orgId = simulatedOrg(72, 12, 3, 5);
    try (GraphQlSocket socket = GraphQlSocket.open(port, token(orgId, Role.VIEWER), TIMEOUT)) {
      socket.subscribe("small", EVENTS);
      socket.subscribe("nine-kb", eventsOfSize(9 * 1024));
      socket.await("small is live", m -> isEvent(m, "small", "CREDENTIALS_EXPIRING"));
      socket.await("nine-kb is live", m -> isEvent(m, "nine-kb", "CREDENTIALS_EXPIRING"));

      socket.subscribe("forty-kb", eventsOfSize(40 * 1024));
      GraphQlSocket.Received refused =
          socket.await("forty-kb refused", m -> "forty-kb".equals(m.id()));

      assertThat(refused.type()).isEqualTo("error");
      List<Map<String, Object>> errors = refused.read("$.payload");
      assertThat(errors)
          .singleElement()
          .satisfies(
              e ->
                  assertThat((Map<String, Object>) e.get("extensions"))
                      .containsEntry("code", "BAD_USER_INPUT")
                      .containsEntry("limit", "documentSize")
                      .containsEntry("maximum", 32 * 1024));
      assertThat(socket.of("forty-kb")).hasSize(1);

      assertThat(sync.runNow(orgId, SyncJob.Kind.INCREMENTAL).job().state())
          .isEqualTo(SyncJob.State.COMPLETED);
      socket.await("small goes on", m -> isEvent(m, "small", "SYNC_FINISHED"));
      socket.await("nine-kb goes on", m -> isEvent(m, "nine-kb", "SYNC_FINISHED"));
      assertThat(socket.isClosed()).isFalse();

      // Far beyond the document limit (past the WebSocket message limit, 64 KB) the container
      // cannot read the message at all: the connection is closed with 1009, message too big.
      socket.subscribe("hundred-kb", eventsOfSize(100 * 1024));
      assertThat(socket.awaitClose().code()).isEqualTo(1009);
    }
  }
}

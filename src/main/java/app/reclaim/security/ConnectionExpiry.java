package app.reclaim.security;

import app.reclaim.security.JwtAuthenticator.Authentication;
import app.reclaim.support.GraphQlSockets;
import app.reclaim.support.LogPrivacy;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.graphql.server.WebSocketSessionInfo;
import org.springframework.scheduling.TaskScheduler;

/**
 * A graphql-transport-ws connection lives no longer than the token it was opened with: when the
 * token stops being valid (its {@code exp} plus the allowed clock skew, as {@link JwtAuthenticator}
 * counts) the connection is closed with 4401, ending its subscriptions; the client reconnects with
 * a fresh token. Operations sent on it until then are checked one by one ({@link
 * CallerInterceptor}).
 */
final class ConnectionExpiry {

  private static final Logger log = LoggerFactory.getLogger(ConnectionExpiry.class);
  static final int UNAUTHORIZED = 4401;
  static final String REASON = "Token expired";
  private static final String TASK = ConnectionExpiry.class.getName();

  private final TaskScheduler scheduler;
  private final GraphQlSockets sockets;
  private final Duration clockSkew;
  private final LogPrivacy logPrivacy;

  ConnectionExpiry(
      TaskScheduler scheduler, GraphQlSockets sockets, Duration clockSkew, LogPrivacy logPrivacy) {
    this.scheduler = scheduler;
    this.sockets = sockets;
    this.clockSkew = clockSkew;
    this.logPrivacy = logPrivacy;
  }

  /** Schedules the close of {@code session} for when {@code authentication} stops being valid. */
  void watch(WebSocketSessionInfo session, Authentication authentication) {
    // The task holds the id, not the session: a connection closed early is not kept in memory
    // (with its message buffer) until its token's expiry.
    String id = session.getId();
    Caller caller = authentication.caller();
    ScheduledFuture<?> task =
        scheduler.schedule(() -> close(id, caller), authentication.expiresAt().plus(clockSkew));
    session.getAttributes().put(TASK, task);
  }

  /** The connection closed first: its scheduled close is not needed. */
  void forget(WebSocketSessionInfo session) {
    if (session.getAttributes().remove(TASK) instanceof ScheduledFuture<?> task) {
      task.cancel(false);
    }
  }

  private void close(String id, Caller caller) {
    if (sockets.close(id, UNAUTHORIZED, REASON)) {
      log.info(
          "closed the WebSocket connection of account {}: its token expired",
          logPrivacy.id(caller.orgId(), caller.accountId()));
    }
  }
}

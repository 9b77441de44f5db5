package app.reclaim.support;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketSession;

/**
 * The open graphql-transport-ws connections of this instance by session id (the id Spring for
 * GraphQL's {@code WebSocketSessionInfo} carries), so that the server can close one on its own
 * initiative, e.g. when its token expires: Spring for GraphQL closes connections only for protocol
 * reasons of its own.
 */
public final class GraphQlSockets {

  private static final Logger log = LoggerFactory.getLogger(GraphQlSockets.class);

  private final Map<String, WebSocketSession> open = new ConcurrentHashMap<>();

  void opened(WebSocketSession session) {
    open.put(session.getId(), session);
  }

  void closed(WebSocketSession session) {
    open.remove(session.getId(), session);
  }

  /**
   * Closes connection {@code sessionId} with {@code code} (e.g. 4401) and {@code reason}; its
   * subscriptions end with it. False when it is not open (any more).
   */
  public boolean close(String sessionId, int code, String reason) {
    WebSocketSession session = open.remove(sessionId);
    if (session == null || !session.isOpen()) {
      return false;
    }
    try {
      session.close(new CloseStatus(code, reason));
      return true;
    } catch (IOException e) {
      // The connection is gone either way; the container reports it closed.
      log.debug("closing WebSocket session {} failed", sessionId, e);
      return true;
    }
  }
}

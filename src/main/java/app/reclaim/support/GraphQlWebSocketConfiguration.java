package app.reclaim.support;

import org.springframework.boot.graphql.autoconfigure.GraphQlCorsProperties;
import org.springframework.boot.graphql.autoconfigure.GraphQlProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.graphql.server.WebGraphQlHandler;
import org.springframework.graphql.server.webmvc.GraphQlWebSocketHandler;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;
import tools.jackson.databind.json.JsonMapper;

/**
 * graphql-transport-ws on the GraphQL path: Spring for GraphQL's handler, built as Spring Boot
 * builds it, whose connections {@link GraphQlSockets} can close; and WebSocket messages as large as
 * {@code reclaim.graphql.max-websocket-message-size}, so that a document up to the document limit
 * is read and measured like over HTTP instead of closing the connection (the container's own limit
 * is 8 KB).
 */
@Configuration(proxyBeanMethods = false)
class GraphQlWebSocketConfiguration {

  /**
   * Tomcat keeps a buffer of this many characters per connection (two bytes each): 64 KB makes 128
   * KB per open connection, where the default 8 KB made 16 KB.
   */
  @Bean
  ServletServerContainerFactoryBean webSocketContainer(GraphQlLimits limits) {
    var container = new ServletServerContainerFactoryBean();
    container.setMaxTextMessageBufferSize(
        (int) Math.min(Integer.MAX_VALUE, limits.maxWebSocketMessageSize().toBytes()));
    return container;
  }

  @Bean
  GraphQlSockets graphQlSockets() {
    return new GraphQlSockets();
  }

  /** Replaces Spring Boot's handler bean (same settings: timeouts, keep-alive, allowed origins). */
  @Bean
  GraphQlWebSocketHandler graphQlWebSocketHandler(
      WebGraphQlHandler handler,
      GraphQlProperties properties,
      GraphQlCorsProperties cors,
      JsonMapper mapper,
      GraphQlSockets sockets) {
    GraphQlProperties.Websocket websocket = properties.getWebsocket();
    CorsConfiguration origins = cors.toCorsConfiguration();
    return new ClosableHandler(
        handler,
        new JacksonJsonHttpMessageConverter(mapper),
        websocket.getConnectionInitTimeout(),
        websocket.getKeepAlive(),
        // No spring.graphql.cors: an empty configuration, as Spring for GraphQL itself uses.
        origins == null ? new CorsConfiguration() : origins,
        sockets);
  }

  /** Spring for GraphQL's handler, telling {@link GraphQlSockets} which connections are open. */
  static final class ClosableHandler extends GraphQlWebSocketHandler {

    private final GraphQlSockets sockets;

    ClosableHandler(
        WebGraphQlHandler handler,
        HttpMessageConverter<Object> converter,
        java.time.Duration initTimeout,
        java.time.Duration keepAlive,
        CorsConfiguration origins,
        GraphQlSockets sockets) {
      super(handler, converter, initTimeout, keepAlive, origins);
      this.sockets = sockets;
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession session) {
      sockets.opened(session);
      super.afterConnectionEstablished(session);
    }

    @Override
    public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
      sockets.closed(session);
      super.afterConnectionClosed(session, status);
    }
  }
}

package app.reclaim.support;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;

/**
 * graphql-transport-ws on the GraphQL path: WebSocket messages as large as {@code
 * reclaim.graphql.max-websocket-message-size}, so that a document up to the document limit is read
 * and measured like over HTTP instead of closing the connection (the container's own limit is 8
 * KB).
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
}

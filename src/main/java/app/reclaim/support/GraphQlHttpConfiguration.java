package app.reclaim.support;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.springframework.boot.graphql.autoconfigure.GraphQlProperties;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.graphql.server.WebGraphQlHandler;
import org.springframework.graphql.server.webmvc.GraphQlHttpHandler;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerResponse;
import tools.jackson.databind.json.JsonMapper;

/**
 * GraphQL over HTTP beyond what Spring for GraphQL does itself (it already picks {@code
 * application/graphql-response+json} or {@code application/json} from Accept and answers 400 for
 * request errors under the former): the body guard, and GraphQL-shaped answers for bodies that are
 * not GraphQL requests, methods and media types it does not serve, where Spring would answer a bare
 * status or fall back to Boot's generic error page.
 */
@Configuration(proxyBeanMethods = false)
class GraphQlHttpConfiguration {

  /**
   * Tomcat's per-connection socket write buffer, 16 KB instead of 8 KB: a 50-user page (about 12.5
   * KB with its headers) then leaves in one write, as { __typename } does, instead of two (strace:
   * 2.0 writes per users page before, 1.0 after). Costs 8 KB more per open connection (at Tomcat's
   * 8,192 connections at most, 64 MB).
   */
  @Bean
  TomcatConnectorCustomizer socketWriteBuffer() {
    return connector ->
        connector.setProperty("socket.appWriteBufSize", Integer.toString(SOCKET_WRITE_BUFFER));
  }

  static final int SOCKET_WRITE_BUFFER = 16 * 1024;

  @Bean
  FilterRegistrationBean<GraphQlRequestFilter> graphQlRequestFilter(
      GraphQlLimits limits, GraphQlProperties graphQl) {
    var registration = new FilterRegistrationBean<>(new GraphQlRequestFilter(limits));
    registration.addUrlPatterns(graphQl.getHttp().getPath());
    // Early: an oversized body is refused before authentication or anything else looks at the
    // request.
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
    return registration;
  }

  /**
   * The GraphQL HTTP handler, writing its answers with {@link GraphQlJsonConverter}, with Reclaim's
   * statuses for two request errors ({@link ReclaimGraphQlHttpHandler}).
   */
  @Bean
  GraphQlHttpHandler graphQlHttpHandler(WebGraphQlHandler handler, JsonMapper mapper) {
    return new ReclaimGraphQlHttpHandler(handler, new GraphQlJsonConverter(mapper));
  }

  /** GraphQL-shaped 405, 406 and 415 answers, routed before Spring for GraphQL's (order 0). */
  @Bean
  @Order(-1)
  RouterFunction<ServerResponse> graphQlHttpRefusals(GraphQlProperties graphQl) {
    return GraphQlHttpRefusals.routes(graphQl.getHttp().getPath());
  }

  @Bean
  MalformedGraphQlRequestResolver malformedGraphQlRequestResolver(GraphQlProperties graphQl) {
    return new MalformedGraphQlRequestResolver(graphQl.getHttp().getPath());
  }

  /** A body on the GraphQL path that does not read as a GraphQL request: 400, GraphQL-shaped. */
  static final class MalformedGraphQlRequestResolver implements HandlerExceptionResolver, Ordered {

    private final String path;

    MalformedGraphQlRequestResolver(String path) {
      this.path = path;
    }

    @Override
    public ModelAndView resolveException(
        HttpServletRequest request, HttpServletResponse response, Object handler, Exception ex) {
      boolean unreadable =
          ex instanceof HttpMessageNotReadableException || ex instanceof ServerWebInputException;
      if (!unreadable || !path.equals(request.getServletPath()) || response.isCommitted()) {
        return null;
      }
      try {
        // The parser's own text is not passed on: it names Java types.
        GraphQlErrorResponse.write(
            request,
            response,
            HttpServletResponse.SC_BAD_REQUEST,
            "The request body is not a GraphQL request: send a JSON object with a \"query\" string"
                + " and, optionally, \"operationName\", \"variables\" and \"extensions\".",
            Map.of());
      } catch (IOException e) {
        return null;
      }
      return new ModelAndView();
    }

    @Override
    public int getOrder() {
      // After Boot's DefaultErrorAttributes (which only records the exception), before Spring MVC's
      // own resolvers that would send the bare status to the error page.
      return Ordered.HIGHEST_PRECEDENCE + 10;
    }
  }
}

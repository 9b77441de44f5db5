package app.reclaim.support;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.springframework.graphql.server.webmvc.GraphQlRequestPredicates;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.function.RequestPredicates;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * What the GraphQL path answers to requests Spring for GraphQL will not execute, as GraphQL errors
 * in the media type asked for instead of Spring's bare statuses: other methods 405 with {@code
 * Allow: POST}, server-sent events 406 (subscriptions are served over WebSocket only), a body that
 * is not JSON 415, an Accept that neither GraphQL response type meets 406. A CORS preflight is not
 * refused: its method is the one it asks about ({@code Access-Control-Request-Method}).
 */
final class GraphQlHttpRefusals {

  private static final List<MediaType> BODY_TYPES =
      List.of(MediaType.APPLICATION_JSON, MediaType.parseMediaType("application/graphql"));

  private GraphQlHttpRefusals() {}

  /**
   * Routes ahead of Spring for GraphQL's own: the WebSocket handshake (a GET) is taken before any
   * route, by the WebSocket handler mapping.
   */
  static RouterFunction<ServerResponse> routes(String path) {
    return RouterFunctions.route()
        // Not what Spring for GraphQL serves as JSON: an absent Accept or */* matches both.
        .route(
            GraphQlRequestPredicates.graphQlSse(path)
                .and(GraphQlRequestPredicates.graphQlHttp(path).negate()),
            GraphQlHttpRefusals::eventStream)
        .route(
            RequestPredicates.path(path)
                .and(
                    RequestPredicates.methods(
                        HttpMethod.GET,
                        HttpMethod.HEAD,
                        HttpMethod.OPTIONS,
                        HttpMethod.PUT,
                        HttpMethod.DELETE,
                        HttpMethod.PATCH)),
            GraphQlHttpRefusals::methodNotAllowed)
        .route(
            RequestPredicates.POST(path).and(GraphQlRequestPredicates.graphQlHttp(path).negate()),
            GraphQlHttpRefusals::mediaType)
        .build();
  }

  private static ServerResponse methodNotAllowed(ServerRequest request) {
    return refuse(
        request,
        HttpStatus.METHOD_NOT_ALLOWED,
        ErrorCode.BAD_USER_INPUT,
        request.method().name()
            + " is not served here: send GraphQL requests as POST with a JSON body"
            + " (subscriptions over WebSocket, graphql-transport-ws).",
        headers -> headers.setAllow(java.util.Set.of(HttpMethod.POST)));
  }

  private static ServerResponse eventStream(ServerRequest request) {
    return refuse(
        request,
        HttpStatus.NOT_ACCEPTABLE,
        ErrorCode.WEBSOCKET_REQUIRED,
        "Server-sent events are not served: subscriptions run over WebSocket (graphql-transport-ws)"
            + " on this path; queries and mutations are POSTed as JSON.",
        headers -> {});
  }

  private static ServerResponse mediaType(ServerRequest request) {
    if (!jsonBody(request)) {
      return refuse(
          request,
          HttpStatus.UNSUPPORTED_MEDIA_TYPE,
          ErrorCode.BAD_USER_INPUT,
          "Send the request body as Content-Type: application/json.",
          headers -> headers.setAccept(List.of(MediaType.APPLICATION_JSON)));
    }
    return refuse(
        request,
        HttpStatus.NOT_ACCEPTABLE,
        ErrorCode.BAD_USER_INPUT,
        "The answer can only be application/graphql-response+json or application/json:"
            + " accept one of them.",
        headers -> {});
  }

  private static boolean jsonBody(ServerRequest request) {
    try {
      MediaType type = request.headers().contentType().orElse(null);
      return type != null && BODY_TYPES.stream().anyMatch(t -> t.includes(type));
    } catch (InvalidMediaTypeException e) {
      return false;
    }
  }

  private static ServerResponse refuse(
      ServerRequest request,
      HttpStatus status,
      ErrorCode code,
      String message,
      java.util.function.Consumer<HttpHeaders> headers) {
    MediaType type =
        GraphQlErrorResponse.mediaType(request.headers().firstHeader(HttpHeaders.ACCEPT));
    return ServerResponse.status(status)
        .headers(headers)
        .contentType(new MediaType(type, StandardCharsets.UTF_8))
        .body(GraphQlErrorResponse.body(code, message, Map.of()));
  }
}

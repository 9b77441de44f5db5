package app.reclaim.support;

import graphql.GraphQLError;
import org.springframework.graphql.server.WebGraphQlHandler;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.graphql.server.webmvc.GraphQlHttpHandler;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;

/**
 * Spring for GraphQL's HTTP handler with the status of a request error that is not the client's
 * document at fault: a subscription sent over plain HTTP is 400 under either media type (like a
 * mutation sent by GET, a transport the endpoint does not serve, not a GraphQL error).
 */
final class ReclaimGraphQlHttpHandler extends GraphQlHttpHandler {

  ReclaimGraphQlHttpHandler(WebGraphQlHandler handler, HttpMessageConverter<?> converter) {
    super(handler, converter);
  }

  @Override
  protected HttpStatus selectResponseStatus(WebGraphQlResponse response, MediaType mediaType) {
    if (has(response, ErrorCode.WEBSOCKET_REQUIRED)) {
      return HttpStatus.BAD_REQUEST;
    }
    return super.selectResponseStatus(response, mediaType);
  }

  private static boolean has(WebGraphQlResponse response, ErrorCode code) {
    for (GraphQLError error : response.getExecutionResult().getErrors()) {
      if (error.getExtensions() != null && code.name().equals(error.getExtensions().get("code"))) {
        return true;
      }
    }
    return false;
  }
}

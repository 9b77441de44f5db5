package app.reclaim.support;

import graphql.GraphQLError;
import org.springframework.graphql.server.WebGraphQlHandler;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.graphql.server.webmvc.GraphQlHttpHandler;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * Spring for GraphQL's HTTP handler with the statuses of two request errors that are not the
 * client's document at fault: a subscription sent over plain HTTP is 400 under either media type
 * (like a mutation sent by GET, a transport the endpoint does not serve, not a GraphQL error), and
 * an operation refused before execution because the database does not answer is 503 with {@code
 * Retry-After} instead of 400.
 */
final class ReclaimGraphQlHttpHandler extends GraphQlHttpHandler {

  ReclaimGraphQlHttpHandler(WebGraphQlHandler handler, HttpMessageConverter<?> converter) {
    super(handler, converter);
  }

  @Override
  protected ServerResponse prepareResponse(
      ServerRequest request, Mono<WebGraphQlResponse> responseMono) {
    return super.prepareResponse(request, responseMono.map(ReclaimGraphQlHttpHandler::retryAfter));
  }

  @Override
  protected HttpStatus selectResponseStatus(WebGraphQlResponse response, MediaType mediaType) {
    if (has(response, ErrorCode.WEBSOCKET_REQUIRED)) {
      return HttpStatus.BAD_REQUEST;
    }
    HttpStatus status = super.selectResponseStatus(response, mediaType);
    if (status.is4xxClientError() && refusedUnavailable(response)) {
      return HttpStatus.SERVICE_UNAVAILABLE;
    }
    return status;
  }

  private static WebGraphQlResponse retryAfter(WebGraphQlResponse response) {
    if (refusedUnavailable(response)) {
      response
          .getResponseHeaders()
          .set(HttpHeaders.RETRY_AFTER, Integer.toString(Unavailable.RETRY_AFTER_SECONDS));
    }
    return response;
  }

  /** No data at all (the operation never ran) because the database did not answer. */
  private static boolean refusedUnavailable(WebGraphQlResponse response) {
    return !response.getExecutionResult().isDataPresent() && has(response, ErrorCode.UNAVAILABLE);
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

package app.reclaim.support;

import java.util.List;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.graphql.execution.SubscriptionPublisherException;
import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.graphql.server.WebSocketGraphQlRequest;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Over graphql-transport-ws, an operation refused before it ran (syntax, validation, a limit, no
 * valid token) is answered with the protocol's {@code error} message for its id, which is what that
 * message is for, instead of a {@code next} holding only errors: Spring for GraphQL sends {@code
 * error} only for a stream that fails, so the refusal is handed to it as one. Outermost of the
 * interceptors, so it sees every other interceptor's refusals too.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class WebSocketRequestErrors implements WebGraphQlInterceptor {

  @Override
  public Mono<WebGraphQlResponse> intercept(WebGraphQlRequest request, Chain chain) {
    if (!(request instanceof WebSocketGraphQlRequest)) {
      return chain.next(request);
    }
    return chain
        .next(request)
        .map(
            response ->
                response.getExecutionResult().isDataPresent()
                    ? response
                    : response.transform(
                        builder ->
                            builder
                                .data(
                                    Flux.error(
                                        new SubscriptionPublisherException(
                                            response.getExecutionResult().getErrors(), null)))
                                .errors(List.of())));
  }
}

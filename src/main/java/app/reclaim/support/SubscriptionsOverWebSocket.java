package app.reclaim.support;

import graphql.GraphqlErrorBuilder;
import graphql.execution.AbortExecutionException;
import graphql.execution.ExecutionContext;
import graphql.language.OperationDefinition;
import java.util.List;
import java.util.Map;
import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.graphql.server.WebSocketGraphQlRequest;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Subscriptions are served over WebSocket only: one sent over plain HTTP would be answered with the
 * stream object itself, serialized. Requests that did not come over WebSocket are marked in their
 * GraphQL context, and a subscription so marked is refused with WEBSOCKET_REQUIRED before any
 * resolver runs (HTTP 400, {@link ReclaimGraphQlHttpHandler}).
 */
@Component
class SubscriptionsOverWebSocket implements WebGraphQlInterceptor, OperationCheck {

  private static final String OVER_HTTP = SubscriptionsOverWebSocket.class.getName() + ".overHttp";

  static final String MESSAGE =
      "Subscriptions are served over WebSocket only: open a graphql-transport-ws connection on this"
          + " path (the token in the connection_init payload) and subscribe there.";

  @Override
  public Mono<WebGraphQlResponse> intercept(WebGraphQlRequest request, Chain chain) {
    if (!(request instanceof WebSocketGraphQlRequest)) {
      request.configureExecutionInput(
          (input, builder) -> builder.graphQLContext(Map.of(OVER_HTTP, true)).build());
    }
    return chain.next(request);
  }

  @Override
  public void check(ExecutionContext context) {
    if (context.getOperationDefinition().getOperation()
            == OperationDefinition.Operation.SUBSCRIPTION
        && Boolean.TRUE.equals(context.getGraphQLContext().get(OVER_HTTP))) {
      throw new AbortExecutionException(
          List.of(
              GraphqlErrorBuilder.newError()
                  .errorType(ErrorCode.WEBSOCKET_REQUIRED)
                  .message(MESSAGE)
                  .extensions(Map.of("code", ErrorCode.WEBSOCKET_REQUIRED.name()))
                  .build()));
    }
  }
}

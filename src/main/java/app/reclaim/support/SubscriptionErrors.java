package app.reclaim.support;

import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.graphql.execution.SubscriptionExceptionResolverAdapter;
import org.springframework.stereotype.Component;

/**
 * {@link GraphQlErrors} for subscription streams: an error raised by a subscription (before or
 * after its first event) ends it with an {@code error} message carrying the stable {@code
 * extensions.code}; only {@link ReclaimException} messages reach the client, and the database not
 * answering is UNAVAILABLE with a retry hint.
 */
@Component
class SubscriptionErrors extends SubscriptionExceptionResolverAdapter {

  private static final Logger log = LoggerFactory.getLogger(SubscriptionErrors.class);

  @Override
  protected GraphQLError resolveToSingleError(Throwable ex) {
    if (ex instanceof ReclaimException known) {
      return error(known.code(), known.getMessage());
    }
    if (Unavailable.is(ex)) {
      log.warn("database unavailable in a subscription", ex);
      return Unavailable.error(GraphqlErrorBuilder.newError());
    }
    log.error("unhandled error in a subscription", ex);
    return error(ErrorCode.INTERNAL, "internal error");
  }

  private static GraphQLError error(ErrorCode code, String message) {
    return GraphqlErrorBuilder.newError()
        .errorType(code)
        .message(message)
        .extensions(Map.of("code", code.name()))
        .build();
  }
}

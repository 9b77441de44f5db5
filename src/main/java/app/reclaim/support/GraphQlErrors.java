package app.reclaim.support;

import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.schema.DataFetchingEnvironment;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.graphql.execution.DataFetcherExceptionResolverAdapter;
import org.springframework.stereotype.Component;

/**
 * Maps exceptions thrown by resolvers to GraphQL errors with a stable {@code extensions.code}. Only
 * {@link ReclaimException} messages reach the client; the database not answering is UNAVAILABLE
 * with a retry hint ({@link Unavailable}); anything else is logged once, here, and the client sees
 * "internal error" with the code INTERNAL.
 */
@Component
class GraphQlErrors extends DataFetcherExceptionResolverAdapter {

  private static final Logger log = LoggerFactory.getLogger(GraphQlErrors.class);

  @Override
  protected GraphQLError resolveToSingleError(Throwable ex, DataFetchingEnvironment env) {
    if (ex instanceof ReclaimException known) {
      return error(env, known.code(), known.getMessage());
    }
    if (Unavailable.is(ex)) {
      log.warn("database unavailable in {}", env.getExecutionStepInfo().getPath(), ex);
      return Unavailable.error(GraphqlErrorBuilder.newError(env));
    }
    log.error("unhandled error in {}", env.getExecutionStepInfo().getPath(), ex);
    return error(env, ErrorCode.INTERNAL, "internal error");
  }

  static GraphQLError error(DataFetchingEnvironment env, ErrorCode code, String message) {
    return GraphqlErrorBuilder.newError(env)
        .errorType(code)
        .message(message)
        .extensions(Map.of("code", code.name()))
        .build();
  }
}

package app.reclaim.support;

import graphql.GraphQL;
import graphql.execution.DataFetcherExceptionHandler;
import graphql.execution.ExecutionStrategy;
import java.lang.reflect.Field;
import org.springframework.boot.graphql.autoconfigure.GraphQlSourceBuilderCustomizer;
import org.springframework.graphql.execution.GraphQlSource;
import org.springframework.stereotype.Component;

/**
 * Installs {@link PlainTreeExecutionStrategy} as graphql-java's query strategy, with the exception
 * handler Spring for GraphQL gave the default one (its resolvers, ours among them): Spring sets
 * that handler on the builder before our configurers run, and a strategy set by hand would
 * otherwise get graphql-java's plain handler. graphql-java offers no getter for it, so it is read
 * from the strategy the builder would build; if that ever fails, start-up fails, not error
 * handling.
 */
@Component
class PlainTreeExecution implements GraphQlSourceBuilderCustomizer {

  @Override
  public void customize(GraphQlSource.SchemaResourceBuilder builder) {
    builder.configureGraphQl(
        graphQl -> {
          ExecutionStrategy defaults = graphQl.build().getQueryStrategy();
          graphQl.queryExecutionStrategy(new PlainTreeExecutionStrategy(handlerOf(defaults)));
        });
  }

  static DataFetcherExceptionHandler handlerOf(ExecutionStrategy strategy) {
    try {
      Field field = ExecutionStrategy.class.getDeclaredField("dataFetcherExceptionHandler");
      field.setAccessible(true);
      return (DataFetcherExceptionHandler) field.get(strategy);
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalStateException(
          "graphql-java's strategy no longer exposes its exception handler as expected", e);
    }
  }

  /** The installed strategy of {@code graphQl} (tests). */
  static PlainTreeExecutionStrategy of(GraphQL graphQl) {
    return (PlainTreeExecutionStrategy) graphQl.getQueryStrategy();
  }
}

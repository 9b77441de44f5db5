package app.reclaim.support;

import graphql.execution.AbortExecutionException;
import graphql.execution.ExecutionContext;

/**
 * A check of a whole GraphQL operation after validation and before any resolver runs (e.g. "only
 * ADMIN may run mutations"): throws {@link AbortExecutionException} to refuse it. Every such bean
 * runs in the one instrumentation the server has ({@link QueryLimitsInstrumentation}), after the
 * query limits: a chain of instrumentations works around every field fetched and completed, which
 * cost an eighth of a 50-user page.
 */
public interface OperationCheck {

  void check(ExecutionContext context);
}

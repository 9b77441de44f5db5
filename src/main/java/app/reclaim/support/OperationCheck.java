package app.reclaim.support;

import graphql.execution.AbortExecutionException;
import graphql.execution.ExecutionContext;

/**
 * A check of a whole GraphQL operation after validation and before any resolver runs (e.g. "only
 * ADMIN may run mutations"): throws {@link AbortExecutionException} to refuse it. Every such bean
 * runs in the one instrumentation the server has ({@link QueryLimitsInstrumentation}), after the
 * query limits: graphql-java chains two or more instrumentations around every field fetch, which
 * cost a fifth of a 50-user page.
 */
public interface OperationCheck {

  void check(ExecutionContext context);
}

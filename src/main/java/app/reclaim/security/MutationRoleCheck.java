package app.reclaim.security;

import app.reclaim.support.ErrorCode;
import app.reclaim.support.OperationCheck;
import graphql.GraphqlErrorBuilder;
import graphql.execution.AbortExecutionException;
import graphql.execution.ExecutionContext;
import graphql.language.OperationDefinition;
import java.util.List;
import java.util.Map;

/**
 * VIEWER reads, ADMIN acts: a mutation operation by a caller without ADMIN is refused with
 * FORBIDDEN as a whole, after validation and before any resolver runs, so no mutation field can
 * forget the check. Services still check the role where they act.
 */
final class MutationRoleCheck implements OperationCheck {

  @Override
  public void check(ExecutionContext context) {
    if (context.getOperationDefinition().getOperation() == OperationDefinition.Operation.MUTATION) {
      Caller caller = context.getGraphQLContext().get(Caller.CONTEXT_KEY);
      if (caller == null) {
        throw abort(ErrorCode.UNAUTHENTICATED, "authentication required");
      }
      if (!caller.roles().contains(Role.ADMIN)) {
        throw abort(ErrorCode.FORBIDDEN, "mutations need the ADMIN role");
      }
    }
  }

  private static AbortExecutionException abort(ErrorCode code, String message) {
    return new AbortExecutionException(
        List.of(
            GraphqlErrorBuilder.newError()
                .errorType(code)
                .message(message)
                .extensions(Map.of("code", code.name()))
                .build()));
  }
}

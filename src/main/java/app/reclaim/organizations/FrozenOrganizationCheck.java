package app.reclaim.organizations;

import app.reclaim.security.Caller;
import app.reclaim.store.UnknownOrganizationException;
import app.reclaim.support.OperationCheck;
import app.reclaim.support.ReclaimException;
import graphql.GraphqlErrorBuilder;
import graphql.execution.AbortExecutionException;
import graphql.execution.ExecutionContext;
import graphql.language.OperationDefinition;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Refuses a mutation as a whole, before any resolver runs, while the caller's org is frozen by a
 * residency move ({@code extensions.code} ORGANIZATION_MOVING) or being uninstalled: no mutation
 * writes half its rows before the storage layer's own check stops it. Queries go on.
 */
@Component
class FrozenOrganizationCheck implements OperationCheck {

  private final OrganizationService organizations;

  FrozenOrganizationCheck(OrganizationService organizations) {
    this.organizations = organizations;
  }

  @Override
  public void check(ExecutionContext context) {
    if (context.getOperationDefinition().getOperation() != OperationDefinition.Operation.MUTATION) {
      return;
    }
    Caller caller = context.getGraphQLContext().get(Caller.CONTEXT_KEY);
    if (caller == null || caller.orgId() == null) {
      return;
    }
    try {
      organizations.requireWritable(caller.orgId());
    } catch (UnknownOrganizationException e) {
      // the resolvers answer NOT_FOUND as for any query
    } catch (ReclaimException e) {
      throw new AbortExecutionException(
          List.of(
              GraphqlErrorBuilder.newError()
                  .errorType(e.code())
                  .message(e.getMessage())
                  .extensions(Map.of("code", e.code().name()))
                  .build()));
    }
  }
}

package app.reclaim.organizations;

import app.reclaim.security.Caller;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.ContextValue;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.stereotype.Controller;

@Controller
class OrganizationController {

  private final OrganizationService organizations;
  private final ResidencyMoves moves;

  OrganizationController(OrganizationService organizations, ResidencyMoves moves) {
    this.organizations = organizations;
    this.moves = moves;
  }

  /** The org's residency move that has not ended (scheduled, copying, ready, failed, ...). */
  @SchemaMapping(typeName = "Organization")
  ResidencyMove residencyMove(Organization organization) {
    return moves.inProgress(organization.id()).orElse(null);
  }

  @QueryMapping
  Organization organization(
      @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
    return organizations.current(Caller.require(caller));
  }

  @MutationMapping
  UpdateOrganizationPayload updateOrganization(
      @Argument UpdateOrganizationInput input,
      @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
    return organizations.update(Caller.require(caller), input);
  }
}

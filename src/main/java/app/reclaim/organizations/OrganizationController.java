package app.reclaim.organizations;

import app.reclaim.security.Caller;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.ContextValue;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

@Controller
class OrganizationController {

  private final OrganizationService organizations;

  OrganizationController(OrganizationService organizations) {
    this.organizations = organizations;
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

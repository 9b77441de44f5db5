package app.reclaim.organizations;

import app.reclaim.security.Caller;
import app.reclaim.support.ErrorCode;
import app.reclaim.support.ReclaimException;
import org.springframework.graphql.data.method.annotation.ContextValue;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

@Controller
class OrganizationController {

  private final OrganizationService organizations;

  OrganizationController(OrganizationService organizations) {
    this.organizations = organizations;
  }

  @QueryMapping
  Organization organization(@ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
    String orgId = Caller.require(caller).orgId();
    return organizations.find(orgId).orElseThrow(() ->
        new ReclaimException(ErrorCode.NOT_FOUND, "organization not installed: " + orgId));
  }
}

package app.reclaim.organizations;

import graphql.GraphQLContext;
import java.util.List;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.stereotype.Controller;

/** The profile fields of {@code Organization} (the org itself was already scoped to the caller). */
@Controller
class OrganizationProfileController {

  private final OrganizationProfiles profiles;

  OrganizationProfileController(OrganizationProfiles profiles) {
    this.profiles = profiles;
  }

  @SchemaMapping(typeName = "Organization", field = "userManagement")
  OrganizationProfile.UserManagement userManagement(
      Organization organization, GraphQLContext context) {
    return profile(organization, context).userManagement();
  }

  @SchemaMapping(typeName = "Organization", field = "managedDomains")
  List<String> managedDomains(Organization organization, GraphQLContext context) {
    return profile(organization, context).managedDomains().stream().sorted().toList();
  }

  @SchemaMapping(typeName = "Organization", field = "products")
  List<String> products(Organization organization, GraphQLContext context) {
    return profile(organization, context).products().stream().sorted().toList();
  }

  /** One read of the profile per request, however many of its fields the query asks for. */
  private OrganizationProfile profile(Organization organization, GraphQLContext context) {
    return context.computeIfAbsent(
        "reclaim.orgProfile:" + organization.id(), key -> profiles.get(organization.id()));
  }
}

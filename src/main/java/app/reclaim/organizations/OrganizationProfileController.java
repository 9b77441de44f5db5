package app.reclaim.organizations;

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
  OrganizationProfile.UserManagement userManagement(Organization organization) {
    return profiles.get(organization.id()).userManagement();
  }

  @SchemaMapping(typeName = "Organization", field = "managedDomains")
  List<String> managedDomains(Organization organization) {
    return profiles.get(organization.id()).managedDomains().stream().sorted().toList();
  }

  @SchemaMapping(typeName = "Organization", field = "products")
  List<String> products(Organization organization) {
    return profiles.get(organization.id()).products().stream().sorted().toList();
  }
}

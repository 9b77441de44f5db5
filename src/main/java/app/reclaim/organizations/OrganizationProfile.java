package app.reclaim.organizations;

import java.util.Set;

/**
 * What the admin API says about an org as a whole: its user-management experience (null until the
 * first sync), its verified (managed) email domains, and the product keys it has enabled.
 */
public record OrganizationProfile(
    UserManagement userManagement, Set<String> managedDomains, Set<String> products) {

  public enum UserManagement {
    ORIGINAL,
    CENTRALIZED
  }

  public OrganizationProfile {
    managedDomains = managedDomains == null ? Set.of() : Set.copyOf(managedDomains);
    products = products == null ? Set.of() : Set.copyOf(products);
  }
}

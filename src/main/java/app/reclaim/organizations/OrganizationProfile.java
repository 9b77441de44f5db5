package app.reclaim.organizations;

import java.util.Map;
import java.util.Set;

/**
 * What the admin API says about an org as a whole: its user-management experience (null until the
 * first sync), its verified (managed) email domains, the product keys it has enabled, and the seats
 * purchased per product key where every workspace of the product reports its capacity (a product is
 * absent when unknown).
 */
public record OrganizationProfile(
    UserManagement userManagement,
    Set<String> managedDomains,
    Set<String> products,
    Map<String, Integer> seatCapacity) {

  public enum UserManagement {
    ORIGINAL,
    CENTRALIZED
  }

  public OrganizationProfile {
    managedDomains = managedDomains == null ? Set.of() : Set.copyOf(managedDomains);
    products = products == null ? Set.of() : Set.copyOf(products);
    seatCapacity = seatCapacity == null ? Map.of() : Map.copyOf(seatCapacity);
  }

  /** A profile whose seat capacities are unknown. */
  public OrganizationProfile(
      UserManagement userManagement, Set<String> managedDomains, Set<String> products) {
    this(userManagement, managedDomains, products, Map.of());
  }
}

package app.reclaim.organizations;

import app.reclaim.store.KeyspaceRouter;
import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.Row;
import java.time.Instant;
import org.springframework.stereotype.Service;

/** Reads and writes the org profile (user management, managed domains, products) in its region. */
@Service
public class OrganizationProfiles {

  private static final String UPDATE =
      "UPDATE org_profile SET user_management = ?,"
          + " managed_domains = ?, products = ?, seat_capacity = ?, updated_at = ? WHERE org_id = ?";
  private static final String SELECT =
      "SELECT user_management, managed_domains, products, seat_capacity FROM org_profile"
          + " WHERE org_id = ?";

  private final OrganizationService organizations;
  private final KeyspaceRouter router;

  OrganizationProfiles(OrganizationService organizations, KeyspaceRouter router) {
    this.organizations = organizations;
    this.router = router;
  }

  public void update(String orgId, OrganizationProfile profile) {
    organizations.requireWritable(orgId);
    String region = organizations.regionOf(orgId);
    router
        .session()
        .execute(
            router
                .prepareInRegion(region, UPDATE)
                .bind(
                    profile.userManagement() == null ? null : profile.userManagement().name(),
                    profile.managedDomains(),
                    profile.products(),
                    profile.seatCapacity(),
                    Instant.now(),
                    orgId)
                .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM));
  }

  public OrganizationProfile get(String orgId) {
    String region = organizations.regionOf(orgId);
    Row row =
        router
            .session()
            .execute(
                router
                    .prepareInRegion(region, SELECT)
                    .bind(orgId)
                    .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM))
            .one();
    if (row == null) {
      return new OrganizationProfile(null, null, null);
    }
    String experience = row.getString("user_management");
    return new OrganizationProfile(
        experience == null ? null : OrganizationProfile.UserManagement.valueOf(experience),
        row.getSet("managed_domains", String.class),
        row.getSet("products", String.class),
        row.getMap("seat_capacity", String.class, Integer.class));
  }
}

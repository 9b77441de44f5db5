package app.reclaim.atlassian;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * The admin API's objects as typed records, with the API's own field names in Java form
 * (ADMIN-API.md §1.5). Enumerations stay strings where the API's set is open; unknown fields are
 * ignored.
 */
public final class ApiRecords {

  private ApiRecords() {}

  /** v1 org. */
  public record Org(String id, String name) {}

  /** v2 directory. */
  public record Directory(String directoryId, String name) {}

  /** An entry of a v2 user's {@code productAccess} (with {@code expand=productAccess}). */
  public record ProductAccess(String key, String id, Instant lastActiveTimestamp) {}

  /** An entry of a v2 user's {@code groups} (with {@code expand=groups}). */
  public record GroupRef(String id, String name) {}

  /**
   * v2 user. {@code status}: active | suspended | not_invited | deactivated | for_deletion; {@code
   * accountType}: atlassian | app | customer; {@code claimStatus}: managed | unmanaged; {@code
   * managementSource}: invited | synced | null.
   */
  public record User(
      String accountId,
      String accountType,
      String status,
      String accountStatus,
      String membershipStatus,
      Instant addedToOrg,
      String name,
      String email,
      String claimStatus,
      List<String> platformRoles,
      String managementSource,
      List<ProductAccess> productAccess,
      List<GroupRef> groups) {}

  /**
   * v2 group. {@code managedBy}: external | admins | team-members | open; {@code externalSynced}:
   * created by IdP sync.
   */
  public record Group(
      String id,
      String name,
      String description,
      String directoryId,
      boolean externalSynced,
      String managedBy,
      Integer userCount) {}

  /** A group's role assignment on one resource (product instance ARI). */
  public record RoleAssignment(
      String resourceId, String resourceOwner, String defaultRole, List<String> roles) {}

  /**
   * v1 domain; {@code claimStatus}: verified | unverified | deleted | superseded | missing_token.
   */
  public record Domain(String id, String name, String claimType, String claimStatus) {}

  /**
   * v2 workspace (product instance): {@code typeKey} is the product key (jira-software, confluence,
   * …), {@code capacity} the seats purchased when known, {@code realm} its data-residency realm.
   */
  public record Workspace(
      String id,
      String name,
      String typeKey,
      String status,
      Integer capacity,
      String hostUrl,
      String realm) {}

  /** v1 last-active dates of one user: per product, and when the user was added to the org. */
  public record LastActive(List<ProductLastActive> productAccess, Instant addedToOrg) {}

  public record ProductLastActive(String id, String key, LocalDate lastActive) {}
}

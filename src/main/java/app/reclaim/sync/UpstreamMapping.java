package app.reclaim.sync;

import app.reclaim.atlassian.ApiRecords;
import app.reclaim.directory.AccountType;
import app.reclaim.directory.DirectoryGroup;
import app.reclaim.directory.DirectoryUser;
import app.reclaim.directory.GroupSource;
import app.reclaim.directory.UserStatus;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The admin API's records as directory records (ADMIN-API.md §1.5 and §2 semantics). */
final class UpstreamMapping {

  static final String ORG_ADMIN_ROLE = "atlassian/org-admin";

  private UpstreamMapping() {}

  /**
   * Seats purchased per product key over the online workspaces: seats are bought per site, so a
   * product's capacity is the sum over its sites, and unknown (absent) as soon as one of them
   * reports none (a partial sum would overstate how full the product is).
   */
  static Map<String, Integer> seatCapacity(List<ApiRecords.Workspace> workspaces) {
    Map<String, Integer> capacity = new HashMap<>();
    Set<String> unknown = new HashSet<>();
    for (ApiRecords.Workspace w : workspaces) {
      if (w.typeKey() == null || (w.status() != null && !"online".equalsIgnoreCase(w.status()))) {
        continue;
      }
      if (w.capacity() == null) {
        unknown.add(w.typeKey());
      } else {
        capacity.merge(w.typeKey(), w.capacity(), Integer::sum);
      }
    }
    capacity.keySet().removeAll(unknown);
    return capacity;
  }

  /**
   * A v2 user. Products are keyed by resource: each {@code productAccess} entry's product is worked
   * out from its {@code id} (the product instance's ARI) exactly as a group's role assignment is
   * from its {@code resourceId}, so the two sides agree however the API spells the human {@code
   * key} (Atlassian's pages show both {@code jira} and {@code jira-software}); the key is used only
   * for an entry without an ARI. Activity per product is the latest across the product's sites;
   * {@code addedToOrg} comes from the v2 object or, where absent, from the v1 fallback the caller
   * fetched.
   */
  static DirectoryUser user(
      ApiRecords.User u, Instant addedToOrgFallback, Map<String, String> resourceProducts) {
    Set<String> access = new HashSet<>();
    Map<String, Instant> lastActive = new HashMap<>();
    if (u.productAccess() != null) {
      for (ApiRecords.ProductAccess p : u.productAccess()) {
        String byResource = productOf(p.id(), resourceProducts);
        String product = byResource != null ? byResource : p.key();
        if (product == null) {
          continue;
        }
        access.add(product);
        if (p.lastActiveTimestamp() != null) {
          lastActive.merge(product, p.lastActiveTimestamp(), (a, b) -> a.isAfter(b) ? a : b);
        }
      }
    }
    Set<String> groups = new HashSet<>();
    if (u.groups() != null) {
      u.groups().forEach(g -> groups.add(g.id()));
    }
    return new DirectoryUser(
        u.accountId(),
        u.name(),
        u.email(),
        accountType(u.accountType()),
        status(u.status()),
        "managed".equalsIgnoreCase(u.claimStatus()),
        u.platformRoles() != null && u.platformRoles().contains(ORG_ADMIN_ROLE),
        "synced".equalsIgnoreCase(u.managementSource()),
        u.addedToOrg() != null ? u.addedToOrg() : addedToOrgFallback,
        access,
        lastActive,
        groups);
  }

  /** A v2 group with the product roles its role assignments grant, keyed by product key. */
  static DirectoryGroup group(
      ApiRecords.Group g,
      List<ApiRecords.RoleAssignment> assignments,
      Map<String, String> resourceProducts) {
    Map<String, Set<String>> roles = new HashMap<>();
    for (ApiRecords.RoleAssignment a : assignments) {
      String product = productOf(a.resourceId(), resourceProducts);
      if (product != null && a.roles() != null && !a.roles().isEmpty()) {
        roles.computeIfAbsent(product, k -> new HashSet<>()).addAll(a.roles());
      }
    }
    return new DirectoryGroup(g.id(), g.name(), g.description(), source(g), null, roles);
  }

  static GroupSource source(ApiRecords.Group g) {
    if (g.externalSynced() || "external".equalsIgnoreCase(g.managedBy())) {
      return GroupSource.IDP_SYNCED;
    }
    if ("team-members".equalsIgnoreCase(g.managedBy())) {
      return GroupSource.TEAM_MANAGED;
    }
    if ("open".equalsIgnoreCase(g.managedBy())) {
      return GroupSource.OPEN;
    }
    return GroupSource.LOCAL;
  }

  /**
   * The product key of a resource: the workspace's {@code typeKey} when the workspaces listing
   * named it, else the ARI's resource-owner segment ({@code ari:cloud:jira-software::site/1} →
   * jira-software).
   */
  static String productOf(String resourceId, Map<String, String> resourceProducts) {
    if (resourceId == null) {
      return null;
    }
    String known = resourceProducts.get(resourceId);
    if (known != null) {
      return known;
    }
    if (resourceId.startsWith("ari:cloud:")) {
      String rest = resourceId.substring("ari:cloud:".length());
      int end = rest.indexOf(':');
      return end > 0 ? rest.substring(0, end) : null;
    }
    return null;
  }

  static AccountType accountType(String type) {
    return switch (type == null ? "" : type.toLowerCase(Locale.ROOT)) {
      case "app" -> AccountType.APP;
      case "customer" -> AccountType.CUSTOMER;
      default -> AccountType.ATLASSIAN;
    };
  }

  static UserStatus status(String status) {
    return switch (status == null ? "" : status.toLowerCase(Locale.ROOT)) {
      case "suspended" -> UserStatus.SUSPENDED;
      case "deactivated", "for_deletion" -> UserStatus.DEACTIVATED;
      case "not_invited" -> UserStatus.NOT_INVITED;
      default -> UserStatus.ACTIVE;
    };
  }
}

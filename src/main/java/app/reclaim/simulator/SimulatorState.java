package app.reclaim.simulator;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A snapshot of a simulated org, for tests to compare field by field with what a sync produced.
 * Values are what the admin API serves (ADMIN-API.md §1.5): the same strings for statuses, types
 * and sources, instants to the second. Lists are sorted the way the API pages them (users and
 * groups by id).
 */
public final class SimulatorState {

  private SimulatorState() {}

  /** The whole org. */
  public record Org(
      String orgId,
      String name,
      List<Directory> directories,
      List<User> users,
      List<Group> groups,
      List<Domain> domains,
      List<Workspace> workspaces) {

    public Org {
      directories = List.copyOf(directories);
      users = List.copyOf(users);
      groups = List.copyOf(groups);
      domains = List.copyOf(domains);
      workspaces = List.copyOf(workspaces);
    }

    public Optional<User> user(String accountId) {
      return users.stream().filter(u -> u.accountId().equals(accountId)).findFirst();
    }

    public Optional<Group> group(String groupId) {
      return groups.stream().filter(g -> g.id().equals(groupId)).findFirst();
    }

    /** 1: the centralized user-management experience; more: the original one. */
    public boolean centralized() {
      return directories.size() == 1;
    }
  }

  /** A v2 directory. */
  public record Directory(String directoryId, String name) {}

  /**
   * A user. {@code status} is the API's composite (active, suspended, not_invited, deactivated);
   * {@code directoryId} is null for managed accounts in no directory (not_invited). {@code
   * addedToOrg} is always known here; {@code addedToOrgListed} says whether the v2 listing shows it
   * (when false, only the v1 last-active-dates endpoint gives it). {@code lastActive} holds every
   * product the user was ever active in (the v1 last-active-dates view); {@code productAccess} the
   * products the user's groups grant now, with their last activity (the v2 {@code
   * expand=productAccess} view, null lastActive: never active). {@code groupIds} sorted. {@code
   * memberships}: directory id → active or suspended, one entry per directory the user is in (more
   * than one only in the original user-management experience); {@code directoryId} is the first of
   * them and {@code membershipStatus}/{@code status} the composite the {@code -} listing shows
   * (suspended only when suspended in all).
   */
  public record User(
      String accountId,
      String accountType,
      String status,
      String accountStatus,
      String membershipStatus,
      String directoryId,
      Instant addedToOrg,
      boolean addedToOrgListed,
      String name,
      String nickname,
      String email,
      boolean emailVerified,
      String claimStatus,
      List<String> platformRoles,
      String managementSource,
      Map<String, Instant> lastActive,
      List<ProductAccess> productAccess,
      List<String> groupIds,
      Map<String, String> memberships) {

    public User {
      platformRoles = List.copyOf(platformRoles);
      lastActive = Map.copyOf(lastActive);
      productAccess = List.copyOf(productAccess);
      groupIds = List.copyOf(groupIds);
      memberships = Collections.unmodifiableMap(new LinkedHashMap<>(memberships));
    }

    /** The directories the user is a member of, suspended memberships included. */
    public java.util.Set<String> directoryIds() {
      return memberships.keySet();
    }

    public boolean orgAdmin() {
      return platformRoles.contains("atlassian/org-admin");
    }

    public boolean synced() {
      return "synced".equals(managementSource);
    }
  }

  /** A product the user has access to: key, workspace ARI and last activity (null: never). */
  public record ProductAccess(String key, String id, Instant lastActive) {}

  /**
   * A group. {@code managedBy}: external, admins, team-members or open; {@link #source()} says the
   * same in Reclaim's words. {@code rolesByProduct}: product key → roles the group grants on it.
   * {@code memberIds} sorted.
   */
  public record Group(
      String id,
      String name,
      String description,
      String directoryId,
      boolean externalSynced,
      String managedBy,
      List<RoleAssignment> roleAssignments,
      List<String> memberIds) {

    public Group {
      roleAssignments = List.copyOf(roleAssignments);
      memberIds = List.copyOf(memberIds);
    }

    /** LOCAL, IDP_SYNCED, TEAM_MANAGED or OPEN. */
    public String source() {
      if (externalSynced || "external".equals(managedBy)) {
        return "IDP_SYNCED";
      }
      return switch (managedBy) {
        case "team-members" -> "TEAM_MANAGED";
        case "open" -> "OPEN";
        default -> "LOCAL";
      };
    }

    public Map<String, List<String>> rolesByProduct() {
      Map<String, List<String>> roles = new LinkedHashMap<>();
      roleAssignments.forEach(a -> roles.put(a.resourceOwner(), a.roles()));
      return roles;
    }
  }

  /** A group's roles on one product instance; {@code resourceOwner} is the product key. */
  public record RoleAssignment(
      String resourceId, String resourceOwner, String defaultRole, List<String> roles) {

    public RoleAssignment {
      roles = List.copyOf(roles);
    }
  }

  /** A v1 domain: claim type dns or http, claim status verified or unverified. */
  public record Domain(String id, String name, String claimType, String claimStatus) {

    public boolean verified() {
      return "verified".equals(claimStatus);
    }
  }

  /**
   * A product instance (v2 workspace): ARI, product key, seats purchased ({@code capacity}) and
   * used now ({@code usage}: active Atlassian accounts with access), realm and regions.
   */
  public record Workspace(
      String id,
      String name,
      String typeKey,
      String status,
      int capacity,
      int usage,
      String hostUrl,
      String realm,
      List<String> regions) {

    public Workspace {
      regions = List.copyOf(regions);
    }
  }
}

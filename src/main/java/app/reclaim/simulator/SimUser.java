package app.reclaim.simulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A user as the simulator keeps it; the API view is derived when served. A user is a member of zero
 * or more directories (more than one only in the original user-management experience), each
 * membership {@code active} or {@code suspended} on its own; the first is the user's home.
 */
final class SimUser {
  final String accountId;
  final String accountType;
  final String accountStatus;

  /** Directory id → active or suspended, in the order joined. */
  final LinkedHashMap<String, String> memberships = new LinkedHashMap<>();

  final Instant addedToOrg;
  final boolean addedToOrgListed;
  final String name;
  final String nickname;
  final String email;
  final boolean emailVerified;
  final String claimStatus;
  final List<String> platformRoles;
  final String managementSource;

  /** By workspace index; null: never active there. */
  final Instant[] lastActive;

  final TreeSet<String> groupIds = new TreeSet<>();

  SimUser(
      String accountId,
      String accountType,
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
      Instant[] lastActive) {
    this.accountId = accountId;
    this.accountType = accountType;
    this.accountStatus = accountStatus;
    if (directoryId != null) {
      memberships.put(directoryId, membershipStatus);
    }
    this.addedToOrg = addedToOrg;
    this.addedToOrgListed = addedToOrgListed;
    this.name = name;
    this.nickname = nickname;
    this.email = email;
    this.emailVerified = emailVerified;
    this.claimStatus = claimStatus;
    this.platformRoles = List.copyOf(platformRoles);
    this.managementSource = managementSource;
    this.lastActive = lastActive;
  }

  /** The first directory the user joined; null: in none (a managed account, not_invited). */
  String homeDirectory() {
    return memberships.isEmpty() ? null : memberships.keySet().iterator().next();
  }

  /**
   * The membership as listed in {@code directoryId}; through {@code -} the composite (ADMIN-API.md
   * §1.5): suspended only when suspended in every directory the user is in, no_membership in none.
   */
  String membershipStatus(String directoryId) {
    if (!"-".equals(directoryId)) {
      return memberships.getOrDefault(directoryId, "no_membership");
    }
    if (memberships.isEmpty()) {
      return "no_membership";
    }
    return memberships.containsValue("active") ? "active" : "suspended";
  }

  /** The API's composite status (ADMIN-API.md §1.5) as listed in {@code directoryId}. */
  String status(String directoryId) {
    if (!"active".equals(accountStatus)) {
      return "deactivated";
    }
    return switch (membershipStatus(directoryId)) {
      case "suspended" -> "suspended";
      case "no_membership" -> "not_invited";
      default -> "active";
    };
  }

  /** The status through {@code -}: what the org as a whole shows. */
  String status() {
    return status("-");
  }

  boolean billable() {
    return "atlassian".equals(accountType) && "active".equals(status());
  }

  SimulatorState.User state(SimulatedOrg org) {
    Map<String, Instant> active = new HashMap<>();
    List<SimulatorState.ProductAccess> access = new ArrayList<>();
    boolean[] has = org.access(this);
    for (SimWorkspace w : org.workspaces) {
      if (lastActive[w.index()] != null) {
        active.put(w.typeKey(), lastActive[w.index()]);
      }
      if (has[w.index()]) {
        access.add(new SimulatorState.ProductAccess(w.typeKey(), w.id(), lastActive[w.index()]));
      }
    }
    return new SimulatorState.User(
        accountId,
        accountType,
        status(),
        accountStatus,
        membershipStatus("-"),
        homeDirectory(),
        addedToOrg,
        addedToOrgListed,
        name,
        nickname,
        email,
        emailVerified,
        claimStatus,
        platformRoles,
        managementSource,
        active,
        access,
        List.copyOf(groupIds),
        Collections.unmodifiableMap(new LinkedHashMap<>(memberships)));
  }
}

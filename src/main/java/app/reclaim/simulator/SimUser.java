package app.reclaim.simulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** A user as the simulator keeps it; the API view is derived when served. */
final class SimUser {
  final String accountId;
  final String accountType;
  final String accountStatus;
  String membershipStatus;
  String directoryId;
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
    this.membershipStatus = membershipStatus;
    this.directoryId = directoryId;
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

  /** The API's composite status (ADMIN-API.md §1.5). */
  String status() {
    if (!"active".equals(accountStatus)) {
      return "deactivated";
    }
    return switch (membershipStatus) {
      case "suspended" -> "suspended";
      case "no_membership" -> "not_invited";
      default -> "active";
    };
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
        membershipStatus,
        directoryId,
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
        List.copyOf(groupIds));
  }
}

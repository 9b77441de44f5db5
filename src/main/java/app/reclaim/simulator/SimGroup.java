package app.reclaim.simulator;

import java.util.List;
import java.util.TreeSet;

/** A group: its role assignments are fixed, its members change. */
final class SimGroup {
  final String id;
  final String name;
  final String description;
  final String directoryId;
  final boolean externalSynced;
  final String managedBy;
  final List<SimulatorState.RoleAssignment> roles;

  /** Indexes of the workspaces {@link #roles} grant access to. */
  final int[] grantedWorkspaces;

  final TreeSet<String> members = new TreeSet<>();

  SimGroup(
      String id,
      String name,
      String description,
      String directoryId,
      boolean externalSynced,
      String managedBy,
      List<SimulatorState.RoleAssignment> roles,
      int[] grantedWorkspaces) {
    this.id = id;
    this.name = name;
    this.description = description;
    this.directoryId = directoryId;
    this.externalSynced = externalSynced;
    this.managedBy = managedBy;
    this.roles = List.copyOf(roles);
    this.grantedWorkspaces = grantedWorkspaces.clone();
  }

  SimulatorState.Group state() {
    return new SimulatorState.Group(
        id, name, description, directoryId, externalSynced, managedBy, roles, List.copyOf(members));
  }
}

package app.reclaim.cleanup;

import app.reclaim.directory.DirectoryGroup;
import app.reclaim.directory.DirectoryWriter;
import app.reclaim.directory.GroupSource;
import java.util.List;
import java.util.Map;

/**
 * A failing-removal fixture: an IdP-synced group with a member who is not an org admin, which the
 * mirror is made to believe is local. A rule leaving it plans Atlassian removals that the
 * (simulated) admin API refuses with 403, so each item ends FAILED with UPSTREAM_REJECTED.
 */
public final class MislabeledGroup {

  private MislabeledGroup() {}

  /** Relabels such a group of the org LOCAL in the mirror; returns it as it was. */
  public static DirectoryGroup relabelLocal(DirectoryWriter writer, String orgId) {
    var snapshot = writer.snapshot(orgId);
    DirectoryGroup synced =
        snapshot.groups().values().stream()
            .filter(g -> g.source() == GroupSource.IDP_SYNCED)
            .filter(
                g ->
                    snapshot.users().stream()
                        .anyMatch(u -> u.groupIds().contains(g.id()) && !u.orgAdmin()))
            .findFirst()
            .orElseThrow();
    writer.upsertGroups(
        orgId,
        List.of(
            new DirectoryGroup(
                synced.id(),
                synced.name(),
                synced.description(),
                GroupSource.LOCAL,
                null,
                synced.roles())));
    return synced;
  }

  /** The rule body (CreateRuleInput.rule) removing every member of {@code group} from it. */
  public static Map<String, Object> leaveRule(DirectoryGroup group) {
    return Map.of(
        "name",
        "Leave " + group.id(),
        "condition",
        Map.of("memberOf", List.of(group.id())),
        "includeApps",
        true,
        "action",
        Map.of("type", "REMOVE_FROM_GROUP", "groupId", group.id()));
  }
}

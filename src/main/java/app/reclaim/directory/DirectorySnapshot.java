package app.reclaim.directory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * An immutable copy of one org's directory at one moment: every user and every group by id. Taken
 * under the index's read lock, so it is consistent; pure code (the rules evaluator) works on it
 * without further reads.
 */
public record DirectorySnapshot(
    String orgId, List<DirectoryUser> users, Map<String, DirectoryGroup> groups) {

  public DirectorySnapshot {
    users = List.copyOf(users);
    groups = Map.copyOf(groups);
  }

  /**
   * For each product the user can use: the groups granting it in name order (empty: not via a
   * group).
   */
  public Map<String, List<DirectoryGroup>> licensePaths(DirectoryUser user) {
    return licensePaths(user, groups::get);
  }

  /**
   * {@code licensePaths(user).get(product)}, without working out the other products: the groups
   * granting it in name order, empty when the user has access but not via a group, null when the
   * user has no access to it.
   */
  public List<DirectoryGroup> licensePath(DirectoryUser user, String product) {
    List<DirectoryGroup> granting = null;
    for (String groupId : user.groupIds()) {
      DirectoryGroup g = groups.get(groupId);
      if (g != null && g.grants(product)) {
        if (granting == null) {
          granting = new ArrayList<>(2);
        }
        granting.add(g);
      }
    }
    if (granting != null) {
      granting.sort(OrgIndex.GROUP_ORDER);
      return granting;
    }
    return user.productAccess().contains(product) ? List.of() : null;
  }

  static Map<String, List<DirectoryGroup>> licensePaths(
      DirectoryUser user, Function<String, DirectoryGroup> groupById) {
    Map<String, List<DirectoryGroup>> paths = new TreeMap<>();
    user.productAccess().forEach(p -> paths.put(p, new ArrayList<>()));
    for (String groupId : user.groupIds()) {
      DirectoryGroup g = groupById.apply(groupId);
      if (g == null) {
        continue;
      }
      g.roles()
          .forEach(
              (product, roles) -> {
                if (!roles.isEmpty()) {
                  paths.computeIfAbsent(product, k -> new ArrayList<>()).add(g);
                }
              });
    }
    paths.values().forEach(list -> list.sort(OrgIndex.GROUP_ORDER));
    return paths;
  }
}

package app.reclaim.cleanup;

import app.reclaim.atlassian.AdminApi;
import app.reclaim.atlassian.AdminApiException;
import app.reclaim.atlassian.ApiRecords;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The real directories a run's writes go to (ADMIN-API.md §1.3: the write endpoints take no "-"):
 * for a user's suspend or restore, the directories the user is in (several in an org on the
 * original user-management experience) where the call changes something, asked per user just before
 * acting; for a membership change, the group's own directory, asked once per group and run.
 */
final class WriteTargets {

  /** A server that keeps answering with a next page is not followed forever. */
  private static final int MAX_PAGES = 100;

  private final AdminApi api;
  private final String orgId;
  private final Map<String, String> groupDirectories = new ConcurrentHashMap<>();
  private volatile List<String> orgDirectories;

  WriteTargets(AdminApi api, String orgId) {
    this.api = api;
    this.orgId = orgId;
  }

  /**
   * The directories the user is in now whose membership is {@code membership} ({@code active}
   * before a suspend, {@code suspended} before a restore), in the API's order: a suspend or restore
   * answers 204 whether or not it changed anything, so only a directory where the call changes the
   * membership is named, and a restore undoes exactly what the run did. A user in one directory
   * needs no second look (the run's check already saw the composite status).
   */
  List<String> ofUser(String accountId, String membership) {
    List<String> all = orgDirectories();
    if (all.size() == 1) {
      // The centralized experience has one directory (staff post 3151762): every member is in it,
      // and the run's check already saw the user's membership there.
      return all;
    }
    List<String> directories = ids(cursor -> api.userDirectories(orgId, accountId, cursor));
    if (directories.size() <= 1) {
      return List.copyOf(directories);
    }
    return directories.stream()
        .filter(
            d ->
                api.userInDirectory(orgId, d, accountId)
                    .map(u -> membership.equalsIgnoreCase(u.membershipStatus()))
                    .orElse(false))
        .toList();
  }

  /** The org's directories, asked once per run. */
  private List<String> orgDirectories() {
    List<String> known = orgDirectories;
    if (known == null) {
      known = ids(cursor -> api.directories(orgId, cursor));
      orgDirectories = known;
    }
    return known;
  }

  /** The directory ids of every page of a listing. */
  private static List<String> ids(
      java.util.function.Function<String, AdminApi.ApiPage<ApiRecords.Directory>> listing) {
    List<String> ids = new ArrayList<>();
    String cursor = null;
    for (int page = 0; page < MAX_PAGES; page++) {
      var found = listing.apply(cursor);
      found.items().forEach(d -> ids.add(d.directoryId()));
      if (!found.hasNext() || found.nextCursor().equals(cursor)) {
        break;
      }
      cursor = found.nextCursor();
    }
    return List.copyOf(ids);
  }

  /** The group's own directory (one). */
  List<String> ofGroup(String groupId) {
    String known = groupDirectories.get(groupId);
    if (known == null) {
      known = api.group(orgId, AdminApi.ALL_DIRECTORIES, groupId).directoryId();
      if (known == null || known.isBlank()) {
        throw new AdminApiException.Rejected(
            404, "the group's details name no directory to change its membership in");
      }
      groupDirectories.put(groupId, known);
    }
    return List.of(known);
  }
}

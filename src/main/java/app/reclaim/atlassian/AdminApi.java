package app.reclaim.atlassian;

import java.util.List;

/**
 * The Atlassian organization admin API as Reclaim uses it, for one org per call (the org's stored
 * API key authenticates it). Paths and shapes: ADMIN-API.md §1.3 and §1.5. Listing calls return one
 * page; pass {@link ApiPage#nextCursor()} back to get the next (null cursor: the first page).
 */
public interface AdminApi {

  /**
   * Asked just before each request (every attempt, retries included) is sent: true when the caller
   * may still send a request that can take up to {@code longestRequest} (the client's request
   * timeout). A holder of a lease passes one that waits for its lease to be valid that long, so a
   * holder that was slow never sends after another holder took over; a refusal surfaces as {@link
   * AdminApiException.NotSent}.
   */
  @FunctionalInterface
  interface SendPermit {
    boolean allows(java.time.Duration longestRequest);
  }

  /** This client, sending each request only when {@code permit} allows it. */
  AdminApi permitted(SendPermit permit);

  /** The directory id that means "every directory the key can manage": read endpoints only. */
  String ALL_DIRECTORIES = "-";

  /** {@code GET /v1/orgs/{orgId}}. */
  ApiRecords.Org org(String orgId);

  /** {@code GET /v2/orgs/{orgId}/directories}: more than one means the original experience. */
  ApiPage<ApiRecords.Directory> directories(String orgId, String cursor);

  /**
   * {@code GET /v2/orgs/{orgId}/directories?accountId=}: the directories the user is in. Writes to
   * a user (suspend, restore) name one of these, never "-" (ADMIN-API.md §1.3).
   */
  ApiPage<ApiRecords.Directory> userDirectories(String orgId, String accountId, String cursor);

  /**
   * {@code POST /v2/orgs/{orgId}/directories/{directoryId}/users/search} with {@code expand:
   * [platformRoles, productAccess, groups]} (each absent from the answer unless expanded); {@code
   * directoryId} "-" means every directory (reads only).
   */
  ApiPage<ApiRecords.User> searchUsers(String orgId, String directoryId, String cursor, int limit);

  /**
   * The user as one directory lists it ({@code POST …/directories/{directoryId}/users/search} with
   * {@code accountIds: [accountId]}): its {@code membershipStatus} is that directory's, where a
   * listing through "-" shows the composite. Empty when the directory does not list the user.
   */
  java.util.Optional<ApiRecords.User> userInDirectory(
      String orgId, String directoryId, String accountId);

  /**
   * {@code POST /v2/orgs/{orgId}/directories/{directoryId}/groups/search} with {@code expand:
   * [counts.users]}.
   */
  ApiPage<ApiRecords.Group> searchGroups(
      String orgId, String directoryId, String cursor, int limit);

  /**
   * {@code GET /v2/orgs/{orgId}/directories/{directoryId}/groups/{groupId}}: with "-", finds the
   * group's own {@code directoryId}, the one its membership writes must name.
   */
  ApiRecords.Group group(String orgId, String directoryId, String groupId);

  /** {@code GET /v2/orgs/{orgId}/directories/{directoryId}/groups/{groupId}/role-assignments}. */
  ApiPage<ApiRecords.RoleAssignment> groupRoleAssignments(
      String orgId, String directoryId, String groupId, String cursor);

  /**
   * {@code GET /v1/orgs/{orgId}/domains} (v1: {@code links.next} is a URL; its cursor is
   * extracted).
   */
  ApiPage<ApiRecords.Domain> domains(String orgId, String cursor);

  /** {@code POST /v2/orgs/{orgId}/workspaces}. */
  ApiPage<ApiRecords.Workspace> workspaces(String orgId, String cursor);

  /**
   * {@code GET /v1/orgs/{orgId}/directory/users/{accountId}/last-active-dates} (all pages merged).
   */
  ApiRecords.LastActive lastActiveDates(String orgId, String accountId);

  /** {@code POST /v2/orgs/{orgId}/directories/{directoryId}/users/{accountId}/suspend}. */
  void suspend(String orgId, String directoryId, String accountId);

  /** {@code POST /v2/orgs/{orgId}/directories/{directoryId}/users/{accountId}/restore}. */
  void restore(String orgId, String directoryId, String accountId);

  /** {@code DELETE /v2/orgs/{orgId}/directories/{directoryId}/users/{accountId}}. */
  void removeFromDirectory(String orgId, String directoryId, String accountId);

  /**
   * {@code POST /v2/orgs/{orgId}/directories/{directoryId}/groups/{groupId}/memberships} {@code
   * {accountId}}.
   */
  void addMember(String orgId, String directoryId, String groupId, String accountId);

  /**
   * {@code DELETE
   * /v2/orgs/{orgId}/directories/{directoryId}/groups/{groupId}/memberships/{accountId}}.
   */
  void removeMember(String orgId, String directoryId, String groupId, String accountId);

  /** One page of a cursor-paged listing. */
  record ApiPage<T>(List<T> items, String nextCursor) {

    public ApiPage {
      items = List.copyOf(items);
    }

    public boolean hasNext() {
      return nextCursor != null;
    }
  }
}

package app.reclaim.atlassian;

import java.util.List;

/**
 * The Atlassian organization admin API as Reclaim uses it, for one org per call (the org's stored
 * API key authenticates it). Paths and shapes: ADMIN-API.md §1.3 and §1.5. Listing calls return one
 * page; pass {@link ApiPage#nextCursor()} back to get the next (null cursor: the first page).
 */
public interface AdminApi {

  /** {@code GET /v1/orgs/{orgId}}. */
  ApiRecords.Org org(String orgId);

  /** {@code GET /v2/orgs/{orgId}/directories}: more than one means the original experience. */
  ApiPage<ApiRecords.Directory> directories(String orgId, String cursor);

  /**
   * {@code POST /v2/orgs/{orgId}/directories/{directoryId}/users/search} with {@code expand:
   * [productAccess, groups]}; {@code directoryId} "-" means every directory.
   */
  ApiPage<ApiRecords.User> searchUsers(String orgId, String directoryId, String cursor, int limit);

  /** {@code POST /v2/orgs/{orgId}/directories/{directoryId}/groups/search}. */
  ApiPage<ApiRecords.Group> searchGroups(
      String orgId, String directoryId, String cursor, int limit);

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

package app.reclaim.directory;

import app.reclaim.support.ErrorCode;
import app.reclaim.support.ReclaimException;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Service;

/**
 * The write API of the directory, used by sync and SCIM (and by tests and the demo). Every call
 * writes Cassandra first, then the org's directory version, then this instance's index: a crash in
 * between leaves Cassandra ahead of the index, which the version check repairs.
 */
@Service
public class DirectoryWriter {

  static final int MAX_ID_LENGTH = 128;
  static final int MAX_TEXT_LENGTH = 512;

  private final DirectoryRepository repository;
  private final DirectoryIndex index;

  DirectoryWriter(DirectoryRepository repository, DirectoryIndex index) {
    this.repository = repository;
    this.index = index;
  }

  /** Creates or replaces users (all fields, memberships included). */
  public void upsertUsers(String orgId, Collection<DirectoryUser> users) {
    users.forEach(DirectoryWriter::validate);
    index.writing(
        orgId,
        () -> {
          repository.upsertUsers(orgId, users);
          long version = bump(orgId);
          apply(orgId, i -> i.putUsers(users, version));
        });
  }

  /**
   * Creates or updates users' fields but not their memberships: {@code groupIds} of the arguments
   * is ignored, the stored memberships stay (none for a new user). For writers that change
   * memberships only through {@link #addMembers}/{@link #removeMembers} (SCIM), so a user update
   * racing a group-member add cannot drop that membership.
   */
  public void upsertUserDetails(String orgId, Collection<DirectoryUser> users) {
    users.forEach(DirectoryWriter::validate);
    index.writing(
        orgId,
        () -> {
          repository.upsertUserDetails(orgId, users);
          long version = bump(orgId);
          apply(orgId, i -> i.putUserDetails(users, version));
        });
  }

  /**
   * Creates or replaces users seen by the sync of {@code generation}; {@link #removeOlderThan}
   * later removes the rows an earlier generation wrote that this one did not see.
   */
  public void upsertSyncedUsers(String orgId, Collection<DirectoryUser> users, long generation) {
    users.forEach(DirectoryWriter::validate);
    index.writing(
        orgId,
        () -> {
          repository.upsertUsers(orgId, users, generation);
          long version = bump(orgId);
          apply(orgId, i -> i.putUsers(users, version));
        });
  }

  public void upsertSyncedGroups(String orgId, Collection<DirectoryGroup> groups, long generation) {
    groups.forEach(DirectoryWriter::validate);
    index.writing(
        orgId,
        () -> {
          repository.upsertGroups(orgId, groups, generation);
          long version = bump(orgId);
          apply(orgId, i -> i.putGroups(groups, version));
        });
  }

  /** What a full sync removed because upstream no longer has it. */
  public record Removed(int users, int groups) {}

  /**
   * Removes the users and groups that a sync of an earlier generation wrote and the sync of {@code
   * generation} did not see (gone upstream). Rows no sync wrote (SCIM, by hand) stay. Reads the
   * sync generation of every user row of the org, unless {@code usersBefore} is false: the org had
   * no user row before this sync wrote its first, so none can carry an older generation.
   */
  public Removed removeOlderThan(
      String orgId, long generation, boolean includingGroups, boolean usersBefore) {
    List<String> users = usersBefore ? repository.usersOlderThan(orgId, generation) : List.of();
    List<String> groups =
        includingGroups ? repository.groupsOlderThan(orgId, generation) : List.of();
    if (!users.isEmpty()) {
      deleteUsers(orgId, users);
    }
    if (!groups.isEmpty()) {
      deleteGroups(orgId, groups);
    }
    return new Removed(users.size(), groups.size());
  }

  /** Whether the org has any user stored (a few rows read, whatever the org's size). */
  public boolean hasUsers(String orgId) {
    return repository.hasUsers(orgId);
  }

  /**
   * The stored users with this email, ignoring case (emails are not unique across accounts), for
   * writers that link accounts by email (SCIM): a key lookup in the org's index, never a scan.
   */
  public List<DirectoryUser> knownByEmail(String orgId, String email) {
    return email == null || email.isBlank() ? List.of() : index.get(orgId).usersByEmail(email);
  }

  /**
   * The stored users among {@code accountIds}, for writers that merge with what is there (sync
   * keeps an {@code addedToOrg} it already fetched; SCIM links accounts). Not scoped to a caller:
   * only trusted modules write.
   */
  public java.util.Map<String, DirectoryUser> known(String orgId, Collection<String> accountIds) {
    OrgIndex current = index.get(orgId);
    java.util.Map<String, DirectoryUser> found = new java.util.HashMap<>();
    accountIds.forEach(id -> current.user(id).ifPresent(u -> found.put(id, u)));
    return found;
  }

  /**
   * Which of these accounts' stored rows a sync wrote (rows SCIM or a person created are not), for
   * the sync to tell what an earlier sync already asked upstream.
   */
  public java.util.Set<String> writtenBySync(String orgId, Collection<String> accountIds) {
    return repository.writtenBySync(orgId, accountIds);
  }

  /**
   * The org's whole directory as one consistent snapshot, for trusted modules working without a
   * caller (cleanup runs). Not scoped to a caller, like {@link #known}.
   */
  public DirectorySnapshot snapshot(String orgId) {
    return index.get(orgId).snapshot(orgId);
  }

  /** Removes users, and with them their memberships (they live on the user's row). */
  public void deleteUsers(String orgId, Collection<String> accountIds) {
    index.writing(
        orgId,
        () -> {
          repository.deleteUsers(orgId, accountIds);
          long version = bump(orgId);
          apply(orgId, i -> i.removeUsers(accountIds, version));
        });
  }

  public void upsertGroups(String orgId, Collection<DirectoryGroup> groups) {
    groups.forEach(DirectoryWriter::validate);
    index.writing(
        orgId,
        () -> {
          repository.upsertGroups(orgId, groups);
          long version = bump(orgId);
          apply(orgId, i -> i.putGroups(groups, version));
        });
  }

  /** Removes groups; their members leave them first, so no user row names a deleted group long. */
  public void deleteGroups(String orgId, Collection<String> groupIds) {
    OrgIndex current = index.get(orgId);
    Set<String> gone = Set.copyOf(groupIds);
    index.writing(
        orgId,
        () -> {
          for (String groupId : gone) {
            List<String> members =
                current
                    .users(
                        new UserFilter(
                            null, null, null, null, null, null, null, null, groupId, null),
                        UserOrder.DEFAULT,
                        null,
                        Integer.MAX_VALUE,
                        java.time.Instant.now())
                    .users()
                    .stream()
                    .map(DirectoryUser::accountId)
                    .toList();
            repository.changeMembership(orgId, groupId, members, false);
          }
          repository.deleteGroups(orgId, gone);
          long version = bump(orgId);
          apply(orgId, i -> i.removeGroups(gone, version));
        });
  }

  /** Adds users to a group: one cell per user, the group itself is not rewritten. */
  public void addMembers(String orgId, String groupId, Collection<String> accountIds) {
    changeMembership(orgId, groupId, accountIds, true);
  }

  public void removeMembers(String orgId, String groupId, Collection<String> accountIds) {
    changeMembership(orgId, groupId, accountIds, false);
  }

  private void changeMembership(
      String orgId, String groupId, Collection<String> accountIds, boolean add) {
    OrgIndex current = index.get(orgId);
    if (current.group(groupId).isEmpty()) {
      throw new ReclaimException(
          ErrorCode.NOT_FOUND, "no group " + groupId + " in this organization");
    }
    Set<String> unknown = new HashSet<>();
    accountIds.stream().filter(id -> current.user(id).isEmpty()).forEach(unknown::add);
    if (!unknown.isEmpty()) {
      // Adding to a missing row would create a stub user: refuse before writing anything.
      throw new ReclaimException(
          ErrorCode.NOT_FOUND,
          unknown.size() + " of the accounts are not in this organization's directory");
    }
    index.writing(
        orgId,
        () -> {
          repository.changeMembership(orgId, groupId, accountIds, add);
          long version = bump(orgId);
          apply(orgId, i -> i.changeMembership(groupId, accountIds, add, version));
        });
  }

  private long bump(String orgId) {
    long version = index.nextVersion();
    try {
      repository.writeVersion(orgId, index.writerId(), version);
    } catch (RuntimeException e) {
      index.abandoned(orgId);
      throw e;
    }
    return version;
  }

  private void apply(String orgId, java.util.function.Consumer<OrgIndex> change) {
    boolean done = false;
    try {
      OrgIndex loaded = index.loaded(orgId);
      if (loaded != null) {
        change.accept(loaded);
        index.resized(orgId, loaded);
      }
      done = true;
    } finally {
      if (!done) {
        index.abandoned(orgId);
      }
    }
  }

  private static void validate(DirectoryUser user) {
    requireId("accountId", user.accountId());
    requireLength("name", user.name());
    requireLength("email", user.email());
    user.groupIds().forEach(g -> requireId("groupIds", g));
  }

  private static void validate(DirectoryGroup group) {
    requireId("id", group.id());
    requireLength("name", group.name());
    requireLength("description", group.description());
  }

  private static void requireId(String field, String value) {
    if (value == null || value.isBlank() || value.length() > MAX_ID_LENGTH) {
      throw new ReclaimException(
          ErrorCode.BAD_USER_INPUT, field + " must be 1-" + MAX_ID_LENGTH + " characters");
    }
  }

  /** Characters as people count them (code points), as SCIM's limits do (docs/scim-limits.md). */
  private static void requireLength(String field, String value) {
    if (value != null && value.codePointCount(0, value.length()) > MAX_TEXT_LENGTH) {
      throw new ReclaimException(
          ErrorCode.BAD_USER_INPUT, field + " must be at most " + MAX_TEXT_LENGTH + " characters");
    }
  }
}

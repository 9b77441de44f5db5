package app.reclaim.simulator;

import app.reclaim.simulator.SimulatedAction.Outcome;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One simulated org: directories, users, groups with their role assignments and members, domains
 * and product workspaces, built deterministically from an {@link OrgSpec} (same spec and anchor
 * day, same org). Writes go through the methods below, which refuse what Atlassian refuses and
 * record every answer in the action log. Thread-safe: every access holds the org's monitor.
 */
public final class SimulatedOrg {

  /** The product keys every simulated org has, one workspace each. */
  public static final List<String> PRODUCTS =
      List.of("jira-software", "confluence", "jira-servicedesk", "bitbucket");

  /**
   * The other spellings the client documentation shows for the same products: {@code jira} (jira.js
   * {@code userProductAccessModel.ts}) and {@code jira-service-desk} (jira.js {@code
   * userProductLastActive.ts} key list) where the last-active-dates tutorial and the workspaces
   * show {@code jira-software} and the simulator's {@code jira-servicedesk}.
   */
  static final java.util.Map<String, String> ALTERNATE_KEYS =
      java.util.Map.of("jira-software", "jira", "jira-servicedesk", "jira-service-desk");

  static final String IDP_ADD_REFUSED =
      "You can't add a user to a group synced from an identity"
          + " provider. Manage this group in your identity provider instead.";
  static final String IDP_REMOVE_REFUSED =
      "You can't remove a user from a group synced from an"
          + " identity provider. Manage this group in your identity provider instead.";
  static final String SYNCED_USER_REMOVE_REFUSED =
      "We're unable to remove this user. This user is"
          + " synced from an identity provider. Remove this user in your identity provider instead.";
  static final String NOT_IN_DIRECTORY = "User not found in this directory";
  static final String CAPACITY_REFUSED =
      "You can't add a user to a group if you've exceeded your user"
          + " limit for an app that the group grants access to.";

  private final OrgSpec spec;
  private final Clock clock;
  final List<SimulatorState.Directory> directories;
  final List<SimulatorState.Domain> domains;
  final List<SimWorkspace> workspaces;
  final NavigableMap<String, SimUser> users = new TreeMap<>();
  final NavigableMap<String, SimGroup> groups = new TreeMap<>();
  private final List<SimulatedAction> actions = new ArrayList<>();

  SimulatedOrg(
      OrgSpec spec,
      Clock clock,
      List<SimulatorState.Directory> directories,
      List<SimulatorState.Domain> domains,
      List<SimWorkspace> workspaces,
      List<SimUser> userList,
      List<SimGroup> groupList) {
    this.spec = spec;
    this.clock = clock;
    this.directories = List.copyOf(directories);
    this.domains = List.copyOf(domains);
    this.workspaces = List.copyOf(workspaces);
    userList.forEach(u -> users.put(u.accountId, u));
    groupList.forEach(g -> groups.put(g.id, g));
  }

  /**
   * Builds an org of {@code users} users and {@code groups} groups with one directory; activity
   * dates count back from the start of today (UTC), so the same seed gives the same org all day.
   */
  public static SimulatedOrg generate(String orgId, long seed, int users, int groups) {
    return generate(OrgSpec.of(orgId, seed, users, groups), Clock.systemUTC());
  }

  /**
   * Builds the org {@code spec} describes, dates counted back from the start of {@code clock}'s
   * day.
   */
  public static SimulatedOrg generate(OrgSpec spec, Clock clock) {
    return OrgGenerator.generate(spec, clock.instant().truncatedTo(ChronoUnit.DAYS), clock);
  }

  public String id() {
    return spec.id();
  }

  public String name() {
    return spec.name();
  }

  public OrgSpec spec() {
    return spec;
  }

  /** Everything the org holds now. */
  public synchronized SimulatorState.Org state() {
    List<SimulatorState.User> userStates = new ArrayList<>(users.size());
    users.values().forEach(u -> userStates.add(u.state(this)));
    List<SimulatorState.Group> groupStates = new ArrayList<>(groups.size());
    groups.values().forEach(g -> groupStates.add(g.state()));
    List<SimulatorState.Workspace> workspaceStates = new ArrayList<>();
    int[] usage = usage();
    workspaces.forEach(w -> workspaceStates.add(w.state(usage[w.index()])));
    return new SimulatorState.Org(
        id(), name(), directories, userStates, groupStates, domains, workspaceStates);
  }

  /** Every write answered so far, oldest first. */
  public synchronized List<SimulatedAction> actions() {
    return List.copyOf(actions);
  }

  // ---- writes through the API: refused as Atlassian refuses them, recorded in the action log ----

  synchronized Answer suspend(String directoryId, String accountId) {
    return setMembership("suspend", directoryId, accountId, "suspended");
  }

  synchronized Answer restore(String directoryId, String accountId) {
    return setMembership("restore", directoryId, accountId, "active");
  }

  /** Acts on the one directory's membership; the user's others stay as they are. */
  private Answer setMembership(String action, String directoryId, String accountId, String status) {
    SimUser user = users.get(accountId);
    if (user == null || !user.memberships.containsKey(directoryId)) {
      return record(action, directoryId, accountId, null, Answer.notFound(NOT_IN_DIRECTORY));
    }
    if (user.memberships.get(directoryId).equals(status)) {
      return record(action, directoryId, accountId, null, Answer.UNCHANGED);
    }
    user.memberships.put(directoryId, status);
    return record(action, directoryId, accountId, null, Answer.DONE);
  }

  synchronized Answer removeFromDirectory(String directoryId, String accountId) {
    String action = "remove-from-directory";
    SimUser user = users.get(accountId);
    if (user == null || !user.memberships.containsKey(directoryId)) {
      return record(action, directoryId, accountId, null, Answer.notFound(NOT_IN_DIRECTORY));
    }
    if ("synced".equals(user.managementSource)) {
      return record(
          action, directoryId, accountId, null, Answer.refused(403, SYNCED_USER_REMOVE_REFUSED));
    }
    dropFromDirectory(user, directoryId);
    return record(action, directoryId, accountId, null, Answer.DONE);
  }

  /**
   * The user leaves one directory and its groups. Out of every directory, managed accounts stay
   * listed as not_invited (v2 lists managed accounts in no directory); others leave the org.
   */
  private void dropFromDirectory(SimUser user, String directoryId) {
    user.memberships.remove(directoryId);
    for (String id : List.copyOf(user.groupIds)) {
      SimGroup group = groups.get(id);
      if (group.directoryId.equals(directoryId)) {
        group.members.remove(user.accountId);
        user.groupIds.remove(id);
      }
    }
    if (user.memberships.isEmpty() && !"managed".equals(user.claimStatus)) {
      users.remove(user.accountId);
    }
  }

  synchronized Answer addMember(String directoryId, String groupId, String accountId) {
    String action = "add-member";
    SimGroup group = group(directoryId, groupId);
    SimUser user = users.get(accountId);
    if (group == null
        || user == null
        || (!user.memberships.isEmpty() && !user.memberships.containsKey(group.directoryId))) {
      return record(
          action,
          directoryId,
          accountId,
          groupId,
          Answer.notFound(group == null ? "Group not found" : NOT_IN_DIRECTORY));
    }
    if (group.externalSynced) {
      return record(action, directoryId, accountId, groupId, Answer.refused(403, IDP_ADD_REFUSED));
    }
    if (group.members.contains(accountId)) {
      return record(action, directoryId, accountId, groupId, Answer.UNCHANGED);
    }
    if (exceedsCapacity(user, group)) {
      return record(action, directoryId, accountId, groupId, Answer.refused(409, CAPACITY_REFUSED));
    }
    if (user.memberships.isEmpty()) {
      // Adding an uninvited managed account to a group invites it (Atlassian KB 1384125493).
      user.memberships.put(group.directoryId, "active");
    }
    group.members.add(accountId);
    user.groupIds.add(groupId);
    return record(action, directoryId, accountId, groupId, Answer.DONE);
  }

  synchronized Answer removeMember(String directoryId, String groupId, String accountId) {
    String action = "remove-member";
    SimGroup group = group(directoryId, groupId);
    if (group == null || !users.containsKey(accountId)) {
      return record(
          action,
          directoryId,
          accountId,
          groupId,
          Answer.notFound(group == null ? "Group not found" : "User not found"));
    }
    if (group.externalSynced) {
      return record(
          action, directoryId, accountId, groupId, Answer.refused(403, IDP_REMOVE_REFUSED));
    }
    if (!group.members.remove(accountId)) {
      return record(action, directoryId, accountId, groupId, Answer.UNCHANGED);
    }
    users.get(accountId).groupIds.remove(groupId);
    return record(action, directoryId, accountId, groupId, Answer.DONE);
  }

  /** A write refused before it reached the org (directory {@code -}, a bad body): logged too. */
  synchronized Answer reject(
      String action, String directoryId, String accountId, String groupId, String message) {
    return record(
        action, directoryId, accountId, groupId, new Answer(400, Outcome.REJECTED, message));
  }

  private boolean exceedsCapacity(SimUser user, SimGroup group) {
    if (!user.billable()) {
      return false;
    }
    boolean[] has = access(user);
    int[] usage = usage();
    for (int w : group.grantedWorkspaces) {
      if (!has[w] && usage[w] >= workspaces.get(w).capacity()) {
        return true;
      }
    }
    return false;
  }

  private Answer record(
      String action, String directoryId, String accountId, String groupId, Answer answer) {
    actions.add(
        new SimulatedAction(
            clock.instant(),
            action,
            directoryId,
            accountId,
            groupId,
            answer.outcome(),
            answer.status()));
    return answer;
  }

  // ---- changes made upstream by someone else (an admin, the IdP): no refusals, no action log ----

  /** The user leaves the org entirely, as if deleted upstream; false if there was no such user. */
  public synchronized boolean deleteUser(String accountId) {
    SimUser user = users.remove(accountId);
    if (user == null) {
      return false;
    }
    user.groupIds.forEach(id -> groups.get(id).members.remove(accountId));
    return true;
  }

  /** The group is deleted upstream; false if there was no such group. */
  public synchronized boolean deleteGroup(String groupId) {
    SimGroup group = groups.remove(groupId);
    if (group == null) {
      return false;
    }
    group.members.forEach(id -> users.get(id).groupIds.remove(groupId));
    return true;
  }

  /** Membership changed upstream (for IdP-synced groups: by the IdP); bypasses every refusal. */
  public synchronized void putMembership(String groupId, String accountId, boolean member) {
    SimGroup group = Objects.requireNonNull(groups.get(groupId), "no group " + groupId);
    SimUser user = Objects.requireNonNull(users.get(accountId), "no user " + accountId);
    if (member) {
      group.members.add(accountId);
      user.groupIds.add(groupId);
    } else {
      group.members.remove(accountId);
      user.groupIds.remove(groupId);
    }
  }

  /** The user was active in {@code productKey} at {@code time} (kept to the second). */
  public synchronized void recordActivity(String accountId, String productKey, Instant time) {
    SimUser user = Objects.requireNonNull(users.get(accountId), "no user " + accountId);
    int index = PRODUCTS.indexOf(productKey);
    if (index < 0) {
      throw new IllegalArgumentException("unknown product " + productKey + "; one of " + PRODUCTS);
    }
    user.lastActive[index] = time.truncatedTo(ChronoUnit.SECONDS);
  }

  // ---- reads for the HTTP layer (callers hold the monitor) ----

  boolean hasDirectory(String directoryId) {
    return "-".equals(directoryId)
        || directories.stream().anyMatch(d -> d.directoryId().equals(directoryId));
  }

  /** Users listed in the directory ("-": all, managed accounts in no directory included). */
  boolean listed(SimUser user, String directoryId) {
    return "-".equals(directoryId) || user.memberships.containsKey(directoryId);
  }

  /** The group if {@code directoryId} is {@code -} (reads only) or the group's own directory. */
  SimGroup group(String directoryId, String groupId) {
    SimGroup group = groups.get(groupId);
    return group == null || !("-".equals(directoryId) || directoryId.equals(group.directoryId))
        ? null
        : group;
  }

  /** Which workspaces (by index) the user's groups grant a role on. */
  boolean[] access(SimUser user) {
    return access(user, "-");
  }

  /** As {@link #access(SimUser)}, counting only the groups of {@code directoryId} unless "-". */
  boolean[] access(SimUser user, String directoryId) {
    boolean[] has = new boolean[workspaces.size()];
    for (String groupId : user.groupIds) {
      SimGroup group = groups.get(groupId);
      if ("-".equals(directoryId) || group.directoryId.equals(directoryId)) {
        for (int w : group.grantedWorkspaces) {
          has[w] = true;
        }
      }
    }
    return has;
  }

  /**
   * The key {@code productAccess[].key} and v1 {@code product_access[].key} show for a workspace:
   * its typeKey, or the other documented spelling when the spec asks for it ({@link
   * OrgSpec#withAlternateProductKeys}); the ARI never changes.
   */
  String accessKey(SimWorkspace workspace) {
    return spec.alternateProductKeys()
        ? ALTERNATE_KEYS.getOrDefault(workspace.typeKey(), workspace.typeKey())
        : workspace.typeKey();
  }

  /** Seats used per workspace: active Atlassian accounts with access. */
  int[] usage() {
    int[] usage = new int[workspaces.size()];
    for (SimUser user : users.values()) {
      if (user.billable()) {
        boolean[] has = access(user);
        for (int w = 0; w < has.length; w++) {
          usage[w] += has[w] ? 1 : 0;
        }
      }
    }
    return usage;
  }

  /** The answer to a write: HTTP status, outcome for the action log, message for refusals. */
  record Answer(int status, Outcome outcome, String message) {
    static final Answer DONE = new Answer(204, Outcome.DONE, null);
    static final Answer UNCHANGED = new Answer(204, Outcome.UNCHANGED, null);

    static Answer notFound(String message) {
      return new Answer(404, Outcome.NOT_FOUND, message);
    }

    static Answer refused(int status, String message) {
      return new Answer(status, Outcome.REFUSED, message);
    }
  }
}

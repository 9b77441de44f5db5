package app.reclaim.directory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Predicate;

/**
 * One org's directory in memory: users and groups by id, the groups granting each product, and
 * sorted views per ordering (built on first use, dropped by any write). Reads share a read lock;
 * writes that passed through this instance are applied under the write lock. Cassandra stays the
 * source of truth: the index is rebuilt from it when the stored directory version moves on.
 */
final class OrgIndex {

  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final Map<String, IndexedUser> users = new HashMap<>();
  private final Map<String, DirectoryGroup> groups = new HashMap<>();
  private final Map<String, DirectoryUser[]> sorted = new ConcurrentHashMap<>();
  private volatile DirectoryGroup[] groupsByName;
  private volatile long version;
  volatile long checkedAtNanos;

  /** A user with what filters need precomputed: lower-case search text and email domain. */
  record IndexedUser(DirectoryUser user, String searchText, String domain) {
    static IndexedUser of(DirectoryUser user) {
      String text = ((user.name() == null ? "" : user.name()) + "\n"
          + (user.email() == null ? "" : user.email())).toLowerCase(Locale.ROOT);
      return new IndexedUser(user, text, user.emailDomain());
    }
  }

  OrgIndex(long version) {
    this.version = version;
  }

  long version() {
    return version;
  }

  int size() {
    lock.readLock().lock();
    try {
      return users.size() + groups.size();
    } finally {
      lock.readLock().unlock();
    }
  }

  // ---- writes (applied after Cassandra accepted them) ----------------------------------------

  void putUsers(Collection<DirectoryUser> changed, long newVersion) {
    write(() -> changed.forEach(u -> users.put(u.accountId(), IndexedUser.of(u))), newVersion);
  }

  void removeUsers(Collection<String> accountIds, long newVersion) {
    write(() -> accountIds.forEach(users::remove), newVersion);
  }

  void putGroups(Collection<DirectoryGroup> changed, long newVersion) {
    write(() -> changed.forEach(g -> groups.put(g.id(), g)), newVersion);
  }

  void removeGroups(Collection<String> groupIds, long newVersion) {
    write(() -> {
      groupIds.forEach(groups::remove);
      Set<String> gone = Set.copyOf(groupIds);
      users.replaceAll((id, u) -> u.user().groupIds().stream().anyMatch(gone::contains)
          ? IndexedUser.of(u.user().withGroupIds(without(u.user().groupIds(), gone))) : u);
    }, newVersion);
  }

  void changeMembership(String groupId, Collection<String> accountIds, boolean add, long newVersion) {
    write(() -> accountIds.forEach(id -> users.computeIfPresent(id, (k, u) -> {
      Set<String> next = new HashSet<>(u.user().groupIds());
      boolean changed = add ? next.add(groupId) : next.remove(groupId);
      return changed ? IndexedUser.of(u.user().withGroupIds(next)) : u;
    })), newVersion);
  }

  private void write(Runnable change, long newVersion) {
    lock.writeLock().lock();
    try {
      change.run();
      sorted.clear();
      groupsByName = null;
      version = newVersion;
    } finally {
      lock.writeLock().unlock();
    }
  }

  private static Set<String> without(Set<String> from, Set<String> gone) {
    Set<String> out = new HashSet<>(from);
    out.removeAll(gone);
    return out;
  }

  // ---- reads -------------------------------------------------------------------------------

  Optional<DirectoryUser> user(String accountId) {
    return read(() -> Optional.ofNullable(users.get(accountId)).map(IndexedUser::user));
  }

  Optional<DirectoryGroup> group(String groupId) {
    return read(() -> Optional.ofNullable(groups.get(groupId)));
  }

  /** The groups of each user, in name order; unknown ids map to an empty list. */
  Map<String, List<DirectoryGroup>> groupsOf(Collection<String> accountIds) {
    return read(() -> {
      Map<String, List<DirectoryGroup>> out = new HashMap<>();
      for (String id : accountIds) {
        IndexedUser u = users.get(id);
        List<DirectoryGroup> list = new ArrayList<>();
        if (u != null) {
          u.user().groupIds().stream().map(groups::get).filter(g -> g != null).forEach(list::add);
          list.sort(GROUP_ORDER);
        }
        out.put(id, list);
      }
      return out;
    });
  }

  /**
   * The users matching {@code filter} in {@code order}, after position {@code after} (the sort key
   * and id of the last user seen, or null), at most {@code first}.
   */
  UserSlice users(UserFilter filter, UserOrder order, UserPosition after, int first, Instant now) {
    return read(() -> {
      DirectoryUser[] view = sorted.computeIfAbsent(order.key(), k -> sort(order));
      Comparator<DirectoryUser> comparator = UserOrdering.comparator(order);
      int start = after == null ? 0 : firstAfter(view, after.probe(order), comparator);
      Predicate<IndexedUser> matches = predicate(filter, now);
      List<DirectoryUser> page = new ArrayList<>(Math.min(first, 128));
      boolean more = false;
      for (int i = start; i < view.length; i++) {
        if (matches.test(users.get(view[i].accountId()))) {
          if (page.size() == first) {
            more = true;
            break;
          }
          page.add(view[i]);
        }
      }
      return new UserSlice(page, more, start > 0);
    });
  }

  int count(UserFilter filter, Instant now) {
    return read(() -> {
      Predicate<IndexedUser> matches = predicate(filter, now);
      int n = 0;
      for (IndexedUser u : users.values()) {
        if (matches.test(u)) {
          n++;
        }
      }
      return n;
    });
  }

  record UserSlice(List<DirectoryUser> users, boolean hasNext, boolean hasPrevious) {}

  /** Groups matching the filter in name order after {@code after} (name key and id), at most first. */
  GroupSlice groups(String search, Set<GroupSource> sources, GroupPosition after, int first) {
    return read(() -> {
      DirectoryGroup[] view = groupsByName;
      if (view == null) {
        view = groups.values().stream().sorted(GROUP_ORDER).toArray(DirectoryGroup[]::new);
        groupsByName = view;
      }
      int start = after == null ? 0 : firstAfter(view, after.probe(), GROUP_ORDER);
      Predicate<DirectoryGroup> matches = groupPredicate(search, sources);
      List<DirectoryGroup> page = new ArrayList<>();
      boolean more = false;
      int total = 0;
      for (int i = 0; i < view.length; i++) {
        if (!matches.test(view[i])) {
          continue;
        }
        total++;
        if (i < start) {
          continue;
        }
        if (page.size() < first) {
          page.add(view[i]);
        } else {
          more = true;
        }
      }
      return new GroupSlice(page, more, start > 0, total);
    });
  }

  record GroupSlice(List<DirectoryGroup> groups, boolean hasNext, boolean hasPrevious, int total) {}

  /** Members per group id, for the member counts of many groups at once. */
  Map<String, Integer> memberCounts(Collection<String> groupIds) {
    return read(() -> {
      Map<String, Integer> counts = new HashMap<>();
      groupIds.forEach(id -> counts.put(id, 0));
      for (IndexedUser u : users.values()) {
        for (String g : u.user().groupIds()) {
          counts.computeIfPresent(g, (k, n) -> n + 1);
        }
      }
      return counts;
    });
  }

  /** For each product the user can use: the groups granting it (empty: access not via a group). */
  Map<String, List<DirectoryGroup>> licensePaths(String accountId) {
    return read(() -> {
      IndexedUser u = users.get(accountId);
      Map<String, List<DirectoryGroup>> paths = new java.util.TreeMap<>();
      if (u == null) {
        return paths;
      }
      u.user().productAccess().forEach(p -> paths.put(p, new ArrayList<>()));
      for (String groupId : u.user().groupIds()) {
        DirectoryGroup g = groups.get(groupId);
        if (g == null) {
          continue;
        }
        g.roles().forEach((product, roles) -> {
          if (!roles.isEmpty()) {
            paths.computeIfAbsent(product, k -> new ArrayList<>()).add(g);
          }
        });
      }
      paths.values().forEach(list -> list.sort(GROUP_ORDER));
      return paths;
    });
  }

  Map<UserStatus, Integer> countByStatus() {
    return read(() -> {
      Map<UserStatus, Integer> counts = new EnumMap<>(UserStatus.class);
      for (UserStatus s : UserStatus.values()) {
        counts.put(s, 0);
      }
      users.values().forEach(u -> counts.merge(u.user().status(), 1, Integer::sum));
      return counts;
    });
  }

  int groupCount() {
    return read(groups::size);
  }

  // ---- internals ---------------------------------------------------------------------------

  static final Comparator<DirectoryGroup> GROUP_ORDER = Comparator
      .comparing((DirectoryGroup g) -> g.name() == null ? "" : g.name(), String.CASE_INSENSITIVE_ORDER)
      .thenComparing(DirectoryGroup::id);

  private DirectoryUser[] sort(UserOrder order) {
    DirectoryUser[] all = users.values().stream().map(IndexedUser::user).toArray(DirectoryUser[]::new);
    Arrays.sort(all, UserOrdering.comparator(order));
    return all;
  }

  /** Index of the first element strictly after {@code probe}. */
  private static <T> int firstAfter(T[] view, T probe, Comparator<T> comparator) {
    int lo = 0;
    int hi = view.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (comparator.compare(view[mid], probe) <= 0) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private Predicate<IndexedUser> predicate(UserFilter f, Instant now) {
    List<Predicate<IndexedUser>> all = new ArrayList<>();
    if (f.search() != null && !f.search().isBlank()) {
      String needle = f.search().strip().toLowerCase(Locale.ROOT);
      all.add(u -> u.searchText().contains(needle));
    }
    if (f.statuses() != null && !f.statuses().isEmpty()) {
      all.add(u -> f.statuses().contains(u.user().status()));
    }
    if (f.accountTypes() != null && !f.accountTypes().isEmpty()) {
      all.add(u -> f.accountTypes().contains(u.user().accountType()));
    }
    if (f.hasAccessTo() != null) {
      Set<String> granting = new HashSet<>();
      groups.values().stream().filter(g -> g.grants(f.hasAccessTo())).forEach(g -> granting.add(g.id()));
      all.add(u -> u.user().productAccess().contains(f.hasAccessTo())
          || u.user().groupIds().stream().anyMatch(granting::contains));
    }
    if (f.inactiveDays() != null) {
      Instant threshold = now.minus(java.time.Duration.ofDays(f.inactiveDays()));
      String product = f.inactiveProduct();
      all.add(u -> {
        Instant last = product == null ? u.user().lastActive() : u.user().lastActiveByProduct().get(product);
        return last == null || !last.isAfter(threshold);
      });
    }
    if (f.neverActive() != null) {
      all.add(u -> u.user().lastActiveByProduct().isEmpty() == f.neverActive());
    }
    if (f.managed() != null) {
      all.add(u -> u.user().managed() == f.managed());
    }
    if (f.memberOf() != null) {
      all.add(u -> u.user().groupIds().contains(f.memberOf()));
    }
    if (f.emailDomains() != null && !f.emailDomains().isEmpty()) {
      Set<String> domains = new HashSet<>();
      f.emailDomains().forEach(d -> domains.add(d.strip().toLowerCase(Locale.ROOT)));
      all.add(u -> u.domain() != null && domains.contains(u.domain()));
    }
    return u -> {
      for (Predicate<IndexedUser> p : all) {
        if (!p.test(u)) {
          return false;
        }
      }
      return true;
    };
  }

  private static Predicate<DirectoryGroup> groupPredicate(String search, Set<GroupSource> sources) {
    String needle = search == null || search.isBlank() ? null : search.strip().toLowerCase(Locale.ROOT);
    return g -> (needle == null || (g.name() != null && g.name().toLowerCase(Locale.ROOT).contains(needle)))
        && (sources == null || sources.isEmpty() || sources.contains(g.source()));
  }

  private <T> T read(java.util.function.Supplier<T> body) {
    lock.readLock().lock();
    try {
      return body.get();
    } finally {
      lock.readLock().unlock();
    }
  }
}

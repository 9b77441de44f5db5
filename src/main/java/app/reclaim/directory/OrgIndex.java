package app.reclaim.directory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
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
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * One org's directory in memory: users in columns (see {@link UserColumns}), groups by id, and
 * sorted views per ordering as arrays of slots (built on first use, dropped by any write). Reads
 * share a read lock; writes that passed through this instance are applied under the write lock.
 * Cassandra stays the source of truth: the index is rebuilt from it when the stored directory
 * version moves on.
 */
final class OrgIndex {

  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final UserColumns users = new UserColumns();
  private final Map<String, DirectoryGroup> groups = new HashMap<>();
  private final Map<String, int[]> sorted = new ConcurrentHashMap<>();

  /** Per product (or all products) and day count: who is inactive (see {@link #inactive}). */
  private final Map<String, Inactivity> inactivity = new ConcurrentHashMap<>();

  /** Inactivity sets kept at most; more distinct (product, days) pairs start the map over. */
  static final int INACTIVITY_SETS = 32;

  private volatile DirectoryGroup[] groupsByName;
  private volatile long version;
  volatile long checkedAtNanos;

  /** Other instances' entries of the org's writers when this index was built (see get). */
  private final Map<String, Long> otherWriters;

  OrgIndex(long version, Map<String, Long> otherWriters) {
    this.version = version;
    this.otherWriters = Map.copyOf(otherWriters);
  }

  Map<String, Long> otherWriters() {
    return otherWriters;
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
    write(() -> changed.forEach(users::put), newVersion);
  }

  /** Users' fields; each keeps the memberships this index holds for it (none when new). */
  void putUserDetails(Collection<DirectoryUser> changed, long newVersion) {
    write(
        () ->
            changed.forEach(
                u -> {
                  DirectoryUser existing = users.byId(u.accountId());
                  users.put(u.withGroupIds(existing == null ? Set.of() : existing.groupIds()));
                }),
        newVersion);
  }

  void removeUsers(Collection<String> accountIds, long newVersion) {
    write(() -> accountIds.forEach(users::remove), newVersion);
  }

  void putGroups(Collection<DirectoryGroup> changed, long newVersion) {
    write(() -> changed.forEach(g -> groups.put(g.id(), g)), newVersion);
  }

  void removeGroups(Collection<String> groupIds, long newVersion) {
    write(
        () -> {
          groupIds.forEach(groups::remove);
          Set<String> gone = Set.copyOf(groupIds);
          List<DirectoryUser> members = new ArrayList<>();
          gone.forEach(g -> users.group(g).stream().forEach(s -> members.add(users.user(s))));
          members.forEach(u -> users.put(u.withGroupIds(without(u.groupIds(), gone))));
        },
        newVersion);
  }

  void changeMembership(
      String groupId, Collection<String> accountIds, boolean add, long newVersion) {
    write(
        () ->
            accountIds.forEach(
                id -> {
                  DirectoryUser u = users.byId(id);
                  if (u != null && u.groupIds().contains(groupId) != add) {
                    Set<String> next = new HashSet<>(u.groupIds());
                    if (add) {
                      next.add(groupId);
                    } else {
                      next.remove(groupId);
                    }
                    users.put(u.withGroupIds(next));
                  }
                }),
        newVersion);
  }

  private void write(Runnable change, long newVersion) {
    lock.writeLock().lock();
    try {
      change.run();
      sorted.clear();
      inactivity.clear();
      groupsByName = null;
      // Concurrent writers of this instance apply out of order: keep the highest version, which is
      // what the stored version ends at, so they do not look like another instance's write.
      version = Math.max(version, newVersion);
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

  /** The users with this email (ignoring case), in account-id order: a key lookup, no scan. */
  List<DirectoryUser> usersByEmail(String email) {
    return read(
        () ->
            users.byEmail(email).stream()
                .sorted(Comparator.comparing(DirectoryUser::accountId))
                .toList());
  }

  Optional<DirectoryUser> user(String accountId) {
    return read(() -> Optional.ofNullable(users.byId(accountId)));
  }

  Optional<DirectoryGroup> group(String groupId) {
    return read(() -> Optional.ofNullable(groups.get(groupId)));
  }

  /** The groups of each user, in name order; unknown ids map to an empty list. */
  Map<String, List<DirectoryGroup>> groupsOf(Collection<String> accountIds) {
    return read(
        () -> {
          Map<String, List<DirectoryGroup>> out = new HashMap<>();
          for (String id : accountIds) {
            DirectoryUser u = users.byId(id);
            List<DirectoryGroup> list = new ArrayList<>();
            if (u != null) {
              u.groupIds().stream().map(groups::get).filter(g -> g != null).forEach(list::add);
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
    return read(
        () -> {
          int[] view = sorted.computeIfAbsent(order.key(), k -> sort(order));
          int start =
              after == null
                  ? 0
                  : firstAfter(view, after.probe(order), UserOrdering.comparator(order));
          BitSet matches = matching(filter, now);
          List<DirectoryUser> page = new ArrayList<>(Math.min(first, 128));
          boolean more = false;
          for (int i = start; i < view.length; i++) {
            if (matches.get(view[i])) {
              if (page.size() == first) {
                more = true;
                break;
              }
              page.add(users.user(view[i]));
            }
          }
          return new UserSlice(page, more, start > 0, matches.cardinality());
        });
  }

  int count(UserFilter filter, Instant now) {
    return read(() -> matching(filter, now).cardinality());
  }

  record UserSlice(List<DirectoryUser> users, boolean hasNext, boolean hasPrevious, int total) {}

  /**
   * Groups matching the filter in name order after {@code after} (name key and id), at most first.
   */
  GroupSlice groups(String search, Set<GroupSource> sources, GroupPosition after, int first) {
    return read(
        () -> {
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
    return read(
        () -> {
          Map<String, Integer> counts = new HashMap<>();
          groupIds.forEach(id -> counts.put(id, users.group(id).cardinality()));
          return counts;
        });
  }

  /** For each product the user can use: the groups granting it (empty: access not via a group). */
  Map<String, List<DirectoryGroup>> licensePaths(String accountId) {
    return read(
        () -> {
          DirectoryUser u = users.byId(accountId);
          return u == null ? new TreeMap<>() : DirectorySnapshot.licensePaths(u, groups::get);
        });
  }

  /** A consistent copy of every user and group, for the rules evaluator. */
  DirectorySnapshot snapshot(String orgId) {
    return read(
        () -> {
          List<DirectoryUser> all = new ArrayList<>(users.size());
          users.alive().stream().forEach(s -> all.add(users.user(s)));
          return new DirectorySnapshot(orgId, all, groups);
        });
  }

  Map<UserStatus, Integer> countByStatus() {
    return read(
        () -> {
          Map<UserStatus, Integer> counts = new EnumMap<>(UserStatus.class);
          for (UserStatus s : UserStatus.values()) {
            counts.put(s, users.status(s).cardinality());
          }
          return counts;
        });
  }

  int groupCount() {
    return read(groups::size);
  }

  /**
   * The directory's figures at {@code now} (see {@link DirectoryFigures}): cardinalities of the
   * status, type and managed bitsets, and per product the access bitset (reported access or a
   * granting group's members) intersected with the billable users, split into bands by one pass
   * over the product's last-activity column. Products: every one someone has access to, plus {@code
   * alsoProducts} (e.g. the org's enabled products, shown with zero seats).
   */
  DirectoryFigures figures(
      Instant now, int activeWithinDays, int lowUseWithinDays, Collection<String> alsoProducts) {
    long activeAfter = now.minus(Duration.ofDays(activeWithinDays)).toEpochMilli();
    long lowUseAfter = now.minus(Duration.ofDays(lowUseWithinDays)).toEpochMilli();
    return read(
        () -> {
          Map<UserStatus, Integer> byStatus = new EnumMap<>(UserStatus.class);
          for (UserStatus s : UserStatus.values()) {
            byStatus.put(s, users.status(s).cardinality());
          }
          Map<AccountType, Integer> byType = new EnumMap<>(AccountType.class);
          for (AccountType t : AccountType.values()) {
            byType.put(t, users.type(t).cardinality());
          }
          Map<GroupSource, Integer> bySource = new EnumMap<>(GroupSource.class);
          for (GroupSource s : GroupSource.values()) {
            bySource.put(s, 0);
          }
          Map<String, BitSet> access = new TreeMap<>();
          for (String p : users.reportedProducts()) {
            access.computeIfAbsent(p, k -> new BitSet()).or(users.reportedAccess(p));
          }
          for (DirectoryGroup g : groups.values()) {
            bySource.merge(g.source(), 1, Integer::sum);
            g.roles()
                .forEach(
                    (product, roles) -> {
                      if (!roles.isEmpty()) {
                        access.computeIfAbsent(product, k -> new BitSet()).or(users.group(g.id()));
                      }
                    });
          }
          BitSet billable = (BitSet) users.status(UserStatus.ACTIVE).clone();
          billable.and(users.type(AccountType.ATLASSIAN));
          List<DirectoryFigures.Product> products = new ArrayList<>();
          Set<String> keys = new java.util.TreeSet<>(access.keySet());
          keys.addAll(alsoProducts);
          for (String product : keys) {
            BitSet with = access.getOrDefault(product, new BitSet());
            if (with.isEmpty() && !alsoProducts.contains(product)) {
              continue;
            }
            BitSet seats = (BitSet) with.clone();
            seats.and(billable);
            long[] last = users.lastActive(product);
            int active = 0;
            int lowUse = 0;
            int inactive = 0;
            int never = 0;
            for (int s = seats.nextSetBit(0); s >= 0; s = seats.nextSetBit(s + 1)) {
              long at = last == null ? UserColumns.NEVER : last[s];
              if (at == UserColumns.NEVER) {
                never++;
              } else if (at > activeAfter) {
                active++;
              } else if (at > lowUseAfter) {
                lowUse++;
              } else {
                inactive++;
              }
            }
            products.add(
                new DirectoryFigures.Product(
                    product,
                    with.cardinality(),
                    seats.cardinality(),
                    active,
                    lowUse,
                    inactive,
                    never));
          }
          int managed = users.managed().cardinality();
          return new DirectoryFigures(
              now,
              users.size(),
              byStatus,
              byType,
              managed,
              users.size() - managed,
              groups.size(),
              bySource,
              products);
        });
  }

  // ---- internals ---------------------------------------------------------------------------

  static final Comparator<DirectoryGroup> GROUP_ORDER =
      Comparator.comparing(
              (DirectoryGroup g) -> g.name() == null ? "" : g.name(), String.CASE_INSENSITIVE_ORDER)
          .thenComparing(DirectoryGroup::id);

  /** The live slots in {@code order}. */
  private int[] sort(UserOrder order) {
    Comparator<DirectoryUser> comparator = UserOrdering.comparator(order);
    Integer[] slots = users.alive().stream().boxed().toArray(Integer[]::new);
    Arrays.sort(slots, (a, b) -> comparator.compare(users.user(a), users.user(b)));
    int[] out = new int[slots.length];
    for (int i = 0; i < slots.length; i++) {
      out[i] = slots[i];
    }
    return out;
  }

  /** Index of the first slot in {@code view} whose user sorts strictly after {@code probe}. */
  private int firstAfter(int[] view, DirectoryUser probe, Comparator<DirectoryUser> comparator) {
    int lo = 0;
    int hi = view.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (comparator.compare(users.user(view[mid]), probe) <= 0) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

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

  /** The slots matching every criterion of the filter: bitset operations, one pass at most. */
  private BitSet matching(UserFilter f, Instant now) {
    BitSet match = users.alive();
    if (f.statuses() != null && !f.statuses().isEmpty()) {
      BitSet any = new BitSet();
      f.statuses().forEach(s -> any.or(users.status(s)));
      match.and(any);
    }
    if (f.accountTypes() != null && !f.accountTypes().isEmpty()) {
      BitSet any = new BitSet();
      f.accountTypes().forEach(t -> any.or(users.type(t)));
      match.and(any);
    }
    if (f.managed() != null) {
      if (f.managed()) {
        match.and(users.managed());
      } else {
        match.andNot(users.managed());
      }
    }
    if (f.neverActive() != null) {
      if (f.neverActive()) {
        match.and(users.neverActive());
      } else {
        match.andNot(users.neverActive());
      }
    }
    if (f.memberOf() != null) {
      match.and(users.group(f.memberOf()));
    }
    if (f.emailDomains() != null && !f.emailDomains().isEmpty()) {
      BitSet any = new BitSet();
      f.emailDomains().forEach(d -> any.or(users.domain(d.strip().toLowerCase(Locale.ROOT))));
      match.and(any);
    }
    if (f.hasAccessTo() != null) {
      BitSet access = (BitSet) users.reportedAccess(f.hasAccessTo()).clone();
      groups.values().stream()
          .filter(g -> g.grants(f.hasAccessTo()))
          .forEach(g -> access.or(users.group(g.id())));
      match.and(access);
    }
    if (f.inactiveDays() != null) {
      long threshold = now.minus(Duration.ofDays(f.inactiveDays())).toEpochMilli();
      long[] last = users.lastActive(f.inactiveProduct());
      if (last != null) {
        match.and(inactive(f.inactiveProduct(), f.inactiveDays(), threshold, last));
      }
    }
    if (f.search() != null && !f.search().isBlank()) {
      String needle = f.search().strip().toLowerCase(Locale.ROOT);
      match = retain(match, s -> users.searchText(s).contains(needle));
    }
    return match;
  }

  /**
   * The slots whose last activity ({@code last}) is at or before {@code threshold} (never active
   * included), computed once and reused while no write changed the index and no user's last
   * activity lies between the threshold it was computed for and the current one: as time passes the
   * set only grows, and {@code validBelow} is the earliest last activity that would join it. Exact,
   * and one pass over the column per change instead of one per request.
   */
  private BitSet inactive(String product, int days, long threshold, long[] last) {
    String key = product + "|" + days;
    Inactivity known = inactivity.get(key);
    if (known != null && threshold >= known.threshold() && threshold < known.validBelow()) {
      return known.slots();
    }
    BitSet slots = new BitSet(users.slots());
    long validBelow = Long.MAX_VALUE;
    for (int s = 0; s < users.slots(); s++) {
      long at = last[s];
      if (at <= threshold) {
        slots.set(s);
      } else if (at < validBelow) {
        validBelow = at;
      }
    }
    if (inactivity.size() >= INACTIVITY_SETS) {
      inactivity.clear();
    }
    inactivity.put(key, new Inactivity(slots, threshold, validBelow));
    return slots;
  }

  private record Inactivity(BitSet slots, long threshold, long validBelow) {}

  /**
   * The slots of {@code match} that {@code keep} accepts, worked on the bitset's words: clearing
   * bits one by one makes BitSet re-check its length after each of up to 100,000 clears.
   */
  private static BitSet retain(BitSet match, java.util.function.IntPredicate keep) {
    long[] words = match.toLongArray();
    for (int w = 0; w < words.length; w++) {
      long pending = words[w];
      while (pending != 0) {
        int bit = Long.numberOfTrailingZeros(pending);
        pending &= pending - 1;
        if (!keep.test(w * 64 + bit)) {
          words[w] &= ~(1L << bit);
        }
      }
    }
    return BitSet.valueOf(words);
  }

  private static Predicate<DirectoryGroup> groupPredicate(String search, Set<GroupSource> sources) {
    String needle =
        search == null || search.isBlank() ? null : search.strip().toLowerCase(Locale.ROOT);
    return g ->
        (needle == null || (g.name() != null && g.name().toLowerCase(Locale.ROOT).contains(needle)))
            && (sources == null || sources.isEmpty() || sources.contains(g.source()));
  }

  private <T> T read(Supplier<T> body) {
    lock.readLock().lock();
    try {
      return body.get();
    } finally {
      lock.readLock().unlock();
    }
  }
}

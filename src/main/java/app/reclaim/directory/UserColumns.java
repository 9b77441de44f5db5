package app.reclaim.directory;

import java.util.BitSet;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One org's users in columns: a slot per user, and for every value a filter can ask about, the set
 * of slots holding it (a bitset per status, account type, email domain, group, product with
 * reported access, plus managed and never-active), or a primitive array (last activity per product,
 * overall) and the lower-case search text. A filter is then a few bitset operations and at most one
 * pass over a primitive array; a count is a cardinality. Not thread-safe: {@link OrgIndex} guards
 * it.
 */
final class UserColumns {

  static final long NEVER = Long.MIN_VALUE;

  /** Account id → slot; each slot's key is its user's account id. */
  private final SlotMap slotOf = new SlotMap(slot -> this.users[slot].accountId());

  /**
   * Lower-case email → the account id holding it, or a set of them when several do (emails are not
   * unique across accounts, but almost always are: no set per user). Built on the first lookup
   * (SCIM matching by email), then kept current by writes: null until then. Building it during an
   * index load was a third of the load's serial part for an org nobody looks up by email.
   */
  private volatile Map<String, Object> byEmail;

  private DirectoryUser[] users = new DirectoryUser[64];
  private String[] searchText = new String[64];
  private long[] lastAny = new long[64];
  private final Map<String, long[]> lastByProduct = new HashMap<>();
  private final BitSet alive = new BitSet();
  private final BitSet managed = new BitSet();
  private final BitSet neverActive = new BitSet();
  private final EnumMap<UserStatus, BitSet> byStatus = new EnumMap<>(UserStatus.class);
  private final EnumMap<AccountType, BitSet> byType = new EnumMap<>(AccountType.class);
  private final Map<String, BitSet> byDomain = new HashMap<>();
  private final Map<String, BitSet> byGroup = new HashMap<>();
  private final Map<String, BitSet> byReportedAccess = new HashMap<>();
  private final BitSet free = new BitSet();
  private int slots;

  UserColumns() {
    for (UserStatus s : UserStatus.values()) {
      byStatus.put(s, new BitSet());
    }
    for (AccountType t : AccountType.values()) {
      byType.put(t, new BitSet());
    }
  }

  int size() {
    return slotOf.size();
  }

  int slots() {
    return slots;
  }

  DirectoryUser user(int slot) {
    return users[slot];
  }

  DirectoryUser byId(String accountId) {
    int slot = slotOf.get(accountId);
    return slot == SlotMap.ABSENT ? null : users[slot];
  }

  /** The users whose email is {@code email}, ignoring case. */
  java.util.List<DirectoryUser> byEmail(String email) {
    Object ids = emails().get(email.toLowerCase(Locale.ROOT));
    if (ids == null) {
      return java.util.List.of();
    }
    if (ids instanceof String id) {
      return java.util.List.of(byId(id));
    }
    return holders(ids).stream().map(this::byId).toList();
  }

  @SuppressWarnings("unchecked")
  private static java.util.Set<String> holders(Object ids) {
    return (java.util.Set<String>) ids;
  }

  Iterable<DirectoryUser> all() {
    return () -> alive.stream().mapToObj(s -> users[s]).iterator();
  }

  /**
   * The email map, built on first use. Readers share the index's read lock, so two may ask at once:
   * one builds it (nothing writes meanwhile), the other waits for it.
   */
  private Map<String, Object> emails() {
    Map<String, Object> built = byEmail;
    if (built == null) {
      synchronized (this) {
        built = byEmail;
        if (built == null) {
          built = new HashMap<>();
          for (int s = alive.nextSetBit(0); s >= 0; s = alive.nextSetBit(s + 1)) {
            addEmail(built, users[s]);
          }
          byEmail = built;
        }
      }
    }
    return built;
  }

  private static void addEmail(Map<String, Object> emails, DirectoryUser user) {
    if (user.email() != null) {
      emails.merge(
          user.email().toLowerCase(Locale.ROOT),
          user.accountId(),
          (held, id) -> {
            java.util.Set<String> ids =
                held instanceof String one
                    ? new java.util.HashSet<>(java.util.Set.of(one))
                    : holders(held);
            ids.add((String) id);
            return ids;
          });
    }
  }

  // ---- writes -------------------------------------------------------------------------------

  void put(DirectoryUser user) {
    int slot = free.isEmpty() ? slots : free.nextSetBit(0);
    int existing = slotOf.putIfAbsent(user.accountId(), slot);
    if (existing != SlotMap.ABSENT) {
      slot = existing;
      clear(slot);
    } else {
      if (slot == slots) {
        slots++;
      }
      free.clear(slot);
      grow(slot + 1);
    }
    users[slot] = user;
    alive.set(slot);
    Map<String, Object> emails = byEmail;
    if (emails != null) {
      addEmail(emails, user);
    }
    // Built on the first search that needs it (see searchText): most indexes are never searched.
    searchText[slot] = null;
    byStatus.get(user.status()).set(slot);
    byType.get(user.accountType()).set(slot);
    if (user.managed()) {
      managed.set(slot);
    }
    String domain = user.emailDomain();
    if (domain != null) {
      bits(byDomain, domain).set(slot);
    }
    for (String group : user.groupIds()) {
      bits(byGroup, group).set(slot);
    }
    for (String product : user.productAccess()) {
      bits(byReportedAccess, product).set(slot);
    }
    long any = NEVER;
    for (int i = 0; i < user.activeCount(); i++) {
      long at = user.activeMillis(i);
      column(user.activeProduct(i))[slot] = at;
      any = Math.max(any, at);
    }
    lastAny[slot] = any;
    if (any == NEVER) {
      neverActive.set(slot);
    }
  }

  private static BitSet bits(Map<String, BitSet> byKey, String key) {
    BitSet bits = byKey.get(key);
    if (bits == null) {
      bits = new BitSet();
      byKey.put(key, bits);
    }
    return bits;
  }

  void remove(String accountId) {
    int slot = slotOf.remove(accountId);
    if (slot != SlotMap.ABSENT) {
      clear(slot);
      users[slot] = null;
      searchText[slot] = null;
      free.set(slot);
    }
  }

  /** Drops every trace of the user in {@code slot} from the columns (the slot stays allocated). */
  private void clear(int slot) {
    DirectoryUser old = users[slot];
    alive.clear(slot);
    Map<String, Object> emails = byEmail;
    if (old.email() != null && emails != null) {
      String email = old.email().toLowerCase(Locale.ROOT);
      Object held = emails.get(email);
      if (held instanceof String one) {
        if (one.equals(old.accountId())) {
          emails.remove(email);
        }
      } else if (held != null) {
        java.util.Set<String> ids = holders(held);
        ids.remove(old.accountId());
        if (ids.isEmpty()) {
          emails.remove(email);
        }
      }
    }
    byStatus.get(old.status()).clear(slot);
    byType.get(old.accountType()).clear(slot);
    managed.clear(slot);
    neverActive.clear(slot);
    String domain = old.emailDomain();
    if (domain != null) {
      byDomain.get(domain).clear(slot);
    }
    old.groupIds().forEach(g -> byGroup.get(g).clear(slot));
    old.productAccess().forEach(p -> byReportedAccess.get(p).clear(slot));
    for (int i = 0; i < old.activeCount(); i++) {
      lastByProduct.get(old.activeProduct(i))[slot] = NEVER;
    }
    lastAny[slot] = NEVER;
  }

  private long[] column(String product) {
    return lastByProduct.computeIfAbsent(
        product,
        p -> {
          long[] column = new long[users.length];
          java.util.Arrays.fill(column, NEVER);
          return column;
        });
  }

  private void grow(int needed) {
    if (needed <= users.length) {
      return;
    }
    int capacity = Math.max(needed, users.length * 2);
    users = java.util.Arrays.copyOf(users, capacity);
    searchText = java.util.Arrays.copyOf(searchText, capacity);
    int old = lastAny.length;
    lastAny = java.util.Arrays.copyOf(lastAny, capacity);
    java.util.Arrays.fill(lastAny, old, capacity, NEVER);
    lastByProduct.replaceAll(
        (p, column) -> {
          long[] grown = java.util.Arrays.copyOf(column, capacity);
          java.util.Arrays.fill(grown, column.length, capacity, NEVER);
          return grown;
        });
  }

  // ---- reads --------------------------------------------------------------------------------

  BitSet alive() {
    return (BitSet) alive.clone();
  }

  BitSet status(UserStatus status) {
    return byStatus.get(status);
  }

  BitSet type(AccountType type) {
    return byType.get(type);
  }

  BitSet managed() {
    return managed;
  }

  BitSet neverActive() {
    return neverActive;
  }

  BitSet domain(String domain) {
    return byDomain.getOrDefault(domain, EMPTY);
  }

  BitSet group(String groupId) {
    return byGroup.getOrDefault(groupId, EMPTY);
  }

  BitSet reportedAccess(String product) {
    return byReportedAccess.getOrDefault(product, EMPTY);
  }

  /** The product keys some user was ever reported to have access to (some may have none now). */
  java.util.Set<String> reportedProducts() {
    return byReportedAccess.keySet();
  }

  /** Last activity per slot in {@code product} (null: nobody was ever active there), or overall. */
  long[] lastActive(String product) {
    return product == null ? lastAny : lastByProduct.get(product);
  }

  /**
   * The lower-case "name\nemail" of the user in {@code slot}, built on first use. Readers share a
   * read lock: two may build the same text at once, and either (equal, immutable) result is kept.
   */
  String searchText(int slot) {
    String text = searchText[slot];
    if (text == null) {
      DirectoryUser user = users[slot];
      text =
          ((user.name() == null ? "" : user.name())
                  + "\n"
                  + (user.email() == null ? "" : user.email()))
              .toLowerCase(Locale.ROOT);
      searchText[slot] = text;
    }
    return text;
  }

  private static final BitSet EMPTY = new BitSet();
}

package app.reclaim.directory;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A user of an org's directory as stored. {@code productAccess} holds the product keys the admin
 * API reports access to; {@code lastActiveByProduct} the latest activity per product key (absent:
 * never active there); {@code groupIds} the groups the user is a member of. Immutable, equal by
 * value.
 *
 * <p>Not a record, for its memory: an org's index holds one per user (a million for the largest
 * orgs), and a record would hold an {@link Instant} for the date added plus a map with an entry and
 * an {@code Instant} per active product — about three objects a user, a quarter of those the
 * collector copied while an index was built (bench/run.sh preview, JFR). Here dates are epoch
 * milliseconds (Cassandra keeps no more), and activity is a shared, sorted array of product keys
 * with one {@code long[]} beside it; the accessors answer in the record's types.
 */
public final class DirectoryUser {

  /** {@code addedToOrg} of a user whose date added is not known, in epoch milliseconds. */
  static final long NO_DATE = Long.MIN_VALUE;

  private static final String[] NO_PRODUCTS = {};
  private static final long[] NO_TIMES = {};

  /**
   * Sorted product-key arrays shared by every user active in the same products: a few dozen
   * combinations in any org. Bounded: past it, a user keeps its own array.
   */
  private static final int MAX_SHARED_KEYS = 4_096;

  private static final ConcurrentHashMap<List<String>, String[]> SHARED_KEYS =
      new ConcurrentHashMap<>();

  private final String accountId;
  private final String name;
  private final String email;
  private final AccountType accountType;
  private final UserStatus status;
  private final boolean managed;
  private final boolean orgAdmin;
  private final boolean idpSynced;
  private final long addedToOrg;
  private final Set<String> productAccess;
  private final String[] activeIn;
  private final long[] activeAt;
  private final Set<String> groupIds;

  /**
   * Instants are kept to the millisecond, as Cassandra keeps them: holding more would order users
   * differently in memory than after a reload.
   */
  public DirectoryUser(
      String accountId,
      String name,
      String email,
      AccountType accountType,
      UserStatus status,
      boolean managed,
      boolean orgAdmin,
      boolean idpSynced,
      Instant addedToOrg,
      Set<String> productAccess,
      Map<String, Instant> lastActiveByProduct,
      Set<String> groupIds) {
    this(
        accountId,
        name,
        email,
        accountType,
        status,
        managed,
        orgAdmin,
        idpSynced,
        addedToOrg == null ? NO_DATE : addedToOrg.toEpochMilli(),
        productAccess == null ? Set.of() : Set.copyOf(productAccess),
        activity(lastActiveByProduct),
        groupIds == null ? Set.of() : Set.copyOf(groupIds));
  }

  private DirectoryUser(
      String accountId,
      String name,
      String email,
      AccountType accountType,
      UserStatus status,
      boolean managed,
      boolean orgAdmin,
      boolean idpSynced,
      long addedToOrg,
      Set<String> productAccess,
      Activity activity,
      Set<String> groupIds) {
    this.accountId = Objects.requireNonNull(accountId, "accountId");
    this.name = name;
    this.email = email;
    this.accountType = Objects.requireNonNull(accountType, "accountType");
    this.status = Objects.requireNonNull(status, "status");
    this.managed = managed;
    this.orgAdmin = orgAdmin;
    this.idpSynced = idpSynced;
    this.addedToOrg = addedToOrg;
    this.productAccess = productAccess;
    this.activeIn = activity.products();
    this.activeAt = activity.millis();
    this.groupIds = groupIds;
  }

  /**
   * As read from Cassandra (package-private: {@link DirectoryRepository}): the sets immutable
   * already, dates in epoch milliseconds ({@code addedToOrg} {@link Long#MIN_VALUE}: none),
   * activity as parallel arrays in any order; no copies but the sorted activity.
   */
  static DirectoryUser stored(
      String accountId,
      String name,
      String email,
      AccountType accountType,
      UserStatus status,
      boolean managed,
      boolean orgAdmin,
      boolean idpSynced,
      long addedToOrg,
      Set<String> productAccess,
      String[] activeIn,
      long[] activeAt,
      Set<String> groupIds) {
    return new DirectoryUser(
        accountId,
        name,
        email,
        accountType,
        status,
        managed,
        orgAdmin,
        idpSynced,
        addedToOrg,
        productAccess,
        activity(activeIn, activeAt),
        groupIds);
  }

  private record Activity(String[] products, long[] millis) {}

  private static Activity activity(Map<String, Instant> lastActive) {
    if (lastActive == null || lastActive.isEmpty()) {
      return new Activity(NO_PRODUCTS, NO_TIMES);
    }
    String[] products = new String[lastActive.size()];
    long[] millis = new long[products.length];
    int i = 0;
    for (var entry : lastActive.entrySet()) {
      products[i] = Objects.requireNonNull(entry.getKey(), "product key");
      millis[i++] = Objects.requireNonNull(entry.getValue(), "last active").toEpochMilli();
    }
    return activity(products, millis);
  }

  /** Sorted by product key (equal maps, equal arrays), the key array shared. */
  private static Activity activity(String[] products, long[] millis) {
    if (products.length == 0) {
      return new Activity(NO_PRODUCTS, NO_TIMES);
    }
    for (int i = 1; i < products.length; i++) {
      for (int j = i; j > 0 && products[j - 1].compareTo(products[j]) > 0; j--) {
        String p = products[j];
        products[j] = products[j - 1];
        products[j - 1] = p;
        long t = millis[j];
        millis[j] = millis[j - 1];
        millis[j - 1] = t;
      }
    }
    List<String> key = Arrays.asList(products);
    String[] shared = SHARED_KEYS.get(key);
    if (shared == null) {
      if (SHARED_KEYS.size() >= MAX_SHARED_KEYS) {
        return new Activity(products, millis);
      }
      shared = SHARED_KEYS.computeIfAbsent(List.of(products), k -> products);
    }
    return new Activity(shared, millis);
  }

  public String accountId() {
    return accountId;
  }

  public String name() {
    return name;
  }

  public String email() {
    return email;
  }

  public AccountType accountType() {
    return accountType;
  }

  public UserStatus status() {
    return status;
  }

  public boolean managed() {
    return managed;
  }

  public boolean orgAdmin() {
    return orgAdmin;
  }

  public boolean idpSynced() {
    return idpSynced;
  }

  /** When the user was added to the org, or null when not known. */
  public Instant addedToOrg() {
    return addedToOrg == NO_DATE ? null : Instant.ofEpochMilli(addedToOrg);
  }

  public Set<String> productAccess() {
    return productAccess;
  }

  /** The latest activity per product key, as an immutable map built on each call. */
  public Map<String, Instant> lastActiveByProduct() {
    if (activeIn.length == 0) {
      return Map.of();
    }
    @SuppressWarnings("unchecked")
    Map.Entry<String, Instant>[] entries = new Map.Entry[activeIn.length];
    for (int i = 0; i < activeIn.length; i++) {
      entries[i] = Map.entry(activeIn[i], Instant.ofEpochMilli(activeAt[i]));
    }
    return Map.ofEntries(entries);
  }

  /** The latest activity in {@code product}, or null when never active there. */
  public Instant lastActiveIn(String product) {
    int i = activeIndex(product);
    return i < 0 ? null : Instant.ofEpochMilli(activeAt[i]);
  }

  /** The product keys the user was ever active in, sorted. */
  public List<String> activeProducts() {
    return List.of(activeIn);
  }

  public Set<String> groupIds() {
    return groupIds;
  }

  /** How many products the user was active in; {@link #activeProduct} and {@link #activeMillis}. */
  int activeCount() {
    return activeIn.length;
  }

  String activeProduct(int i) {
    return activeIn[i];
  }

  long activeMillis(int i) {
    return activeAt[i];
  }

  private int activeIndex(String product) {
    for (int i = 0; i < activeIn.length; i++) {
      String p = activeIn[i];
      if (p == product || p.equals(product)) {
        return i;
      }
    }
    return -1;
  }

  /** The latest activity across all products, or null when never active. */
  public Instant lastActive() {
    if (activeAt.length == 0) {
      return null;
    }
    long latest = activeAt[0];
    for (long at : activeAt) {
      latest = Math.max(latest, at);
    }
    return Instant.ofEpochMilli(latest);
  }

  /** The part of the email after '@', lower case, or null. */
  public String emailDomain() {
    if (email == null || email.indexOf('@') < 0) {
      return null;
    }
    return email.substring(email.lastIndexOf('@') + 1).toLowerCase(java.util.Locale.ROOT);
  }

  public DirectoryUser withEmail(String newEmail) {
    return new DirectoryUser(
        accountId,
        name,
        newEmail,
        accountType,
        status,
        managed,
        orgAdmin,
        idpSynced,
        addedToOrg,
        productAccess,
        new Activity(activeIn, activeAt),
        groupIds);
  }

  public DirectoryUser withGroupIds(Set<String> groups) {
    return new DirectoryUser(
        accountId,
        name,
        email,
        accountType,
        status,
        managed,
        orgAdmin,
        idpSynced,
        addedToOrg,
        productAccess,
        new Activity(activeIn, activeAt),
        groups == null ? Set.of() : Set.copyOf(groups));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DirectoryUser u
        && accountId.equals(u.accountId)
        && Objects.equals(name, u.name)
        && Objects.equals(email, u.email)
        && accountType == u.accountType
        && status == u.status
        && managed == u.managed
        && orgAdmin == u.orgAdmin
        && idpSynced == u.idpSynced
        && addedToOrg == u.addedToOrg
        && productAccess.equals(u.productAccess)
        && Arrays.equals(activeIn, u.activeIn)
        && Arrays.equals(activeAt, u.activeAt)
        && groupIds.equals(u.groupIds);
  }

  @Override
  public int hashCode() {
    int h =
        Objects.hash(
            accountId, name, email, accountType, status, managed, orgAdmin, idpSynced, addedToOrg);
    h = 31 * h + productAccess.hashCode();
    h = 31 * h + Arrays.hashCode(activeIn);
    h = 31 * h + Arrays.hashCode(activeAt);
    return 31 * h + groupIds.hashCode();
  }

  /** As a record would print it. Names and emails: never in logs (README, Security). */
  @Override
  public String toString() {
    return "DirectoryUser[accountId="
        + accountId
        + ", name="
        + name
        + ", email="
        + email
        + ", accountType="
        + accountType
        + ", status="
        + status
        + ", managed="
        + managed
        + ", orgAdmin="
        + orgAdmin
        + ", idpSynced="
        + idpSynced
        + ", addedToOrg="
        + addedToOrg()
        + ", productAccess="
        + productAccess
        + ", lastActiveByProduct="
        + lastActiveByProduct()
        + ", groupIds="
        + groupIds
        + "]";
  }
}

package app.reclaim.directory;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A user of an org's directory as stored. {@code productAccess} holds the product keys the admin
 * API reports access to; {@code lastActiveByProduct} the latest activity per product key (absent:
 * never active there); {@code groupIds} the groups the user is a member of.
 */
public record DirectoryUser(
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

  public DirectoryUser {
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(accountType, "accountType");
    Objects.requireNonNull(status, "status");
    productAccess = productAccess == null ? Set.of() : Set.copyOf(productAccess);
    // Cassandra keeps milliseconds: holding more here would order users differently in memory than
    // after a reload.
    addedToOrg = addedToOrg == null ? null : addedToOrg.truncatedTo(ChronoUnit.MILLIS);
    lastActiveByProduct = millis(lastActiveByProduct);
    groupIds = groupIds == null ? Set.of() : Set.copyOf(groupIds);
  }

  /**
   * An immutable copy with every instant truncated to milliseconds; the map itself when it is
   * immutable and already exact to the millisecond (as read from Cassandra): no copy per user.
   */
  private static Map<String, Instant> millis(Map<String, Instant> lastActive) {
    if (lastActive == null || lastActive.isEmpty()) {
      return Map.of();
    }
    boolean exact = true;
    for (Instant at : lastActive.values()) {
      exact &= at.getNano() % 1_000_000 == 0;
    }
    if (exact) {
      return Map.copyOf(lastActive);
    }
    Map<String, Instant> truncated = new java.util.HashMap<>();
    lastActive.forEach((p, at) -> truncated.put(p, at.truncatedTo(ChronoUnit.MILLIS)));
    return Map.copyOf(truncated);
  }

  /** The latest activity across all products, or null when never active. */
  public Instant lastActive() {
    Instant latest = null;
    for (Instant at : lastActiveByProduct.values()) {
      if (latest == null || at.isAfter(latest)) {
        latest = at;
      }
    }
    return latest;
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
        lastActiveByProduct,
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
        lastActiveByProduct,
        groups);
  }
}

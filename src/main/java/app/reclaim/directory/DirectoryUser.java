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
    Map<String, Instant> lastActive = new java.util.HashMap<>();
    if (lastActiveByProduct != null) {
      lastActiveByProduct.forEach((p, at) -> lastActive.put(p, at.truncatedTo(ChronoUnit.MILLIS)));
    }
    lastActiveByProduct = Map.copyOf(lastActive);
    groupIds = groupIds == null ? Set.of() : Set.copyOf(groupIds);
  }

  /** The latest activity across all products, or null when never active. */
  public Instant lastActive() {
    return lastActiveByProduct.values().stream().max(Instant::compareTo).orElse(null);
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

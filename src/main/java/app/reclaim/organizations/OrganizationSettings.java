package app.reclaim.organizations;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalTime;
import java.util.Map;
import java.util.Set;

/**
 * An org's settings, version 0 until first saved (then 1, 2, …). Activity bands: a user last active
 * within {@code activeWithinDays} is active, within {@code lowUseWithinDays} low-use, older
 * inactive (never active is its own band). Seat prices are monthly, per product key, in {@code
 * currency}. The blast radius caps how many users one EXECUTE run may act on without the starter
 * confirming the count: {@code blastRadiusPercent} % of the billable users (1 to 100) and {@code
 * blastRadiusUsers} users (at least 1), whichever is smaller.
 */
public record OrganizationSettings(
    int version,
    int activeWithinDays,
    int lowUseWithinDays,
    Map<String, BigDecimal> seatPrices,
    String currency,
    Set<String> protectedAccounts,
    Set<String> protectedGroups,
    LocalTime dailySyncTime,
    int cleanupLogRetentionDays,
    Notifications notifications,
    boolean endUserDataInLogs,
    int blastRadiusPercent,
    int blastRadiusUsers,
    Instant updatedAt,
    String updatedBy) {

  /** Which events an org wants notifications of, and how early before credentials expire. */
  public record Notifications(
      boolean runFinished, boolean syncFailed, int credentialsExpiringDays) {}

  public static final int DEFAULT_BLAST_RADIUS_PERCENT = 20;
  public static final int DEFAULT_BLAST_RADIUS_USERS = 500;

  public static final OrganizationSettings DEFAULTS =
      new OrganizationSettings(
          0,
          30,
          90,
          Map.of(),
          "USD",
          Set.of(),
          Set.of(),
          LocalTime.of(3, 0),
          365,
          new Notifications(true, true, 14),
          true,
          DEFAULT_BLAST_RADIUS_PERCENT,
          DEFAULT_BLAST_RADIUS_USERS,
          null,
          null);

  public OrganizationSettings {
    seatPrices = seatPrices == null ? Map.of() : Map.copyOf(seatPrices);
    protectedAccounts = protectedAccounts == null ? Set.of() : Set.copyOf(protectedAccounts);
    protectedGroups = protectedGroups == null ? Set.of() : Set.copyOf(protectedGroups);
  }
}

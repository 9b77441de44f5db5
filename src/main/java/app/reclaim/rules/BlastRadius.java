package app.reclaim.rules;

import app.reclaim.directory.AccountType;
import app.reclaim.directory.DirectoryGroup;
import app.reclaim.directory.DirectorySnapshot;
import app.reclaim.directory.DirectoryUser;
import app.reclaim.directory.UserStatus;
import app.reclaim.organizations.OrganizationSettings;
import java.util.List;

/**
 * How many users an EXECUTE run would act on ({@code actingUsers}: matched, protections applied,
 * with at least one suspension or group removal planned) against the org's limits: at most {@code
 * limitPercent} % of its billable users and at most {@code limitUsers} users. Billable users are
 * the ACTIVE ATLASSIAN accounts with access to at least one product (reported by the admin API or
 * granted by a group), as the dashboard's billable seats count them.
 */
public record BlastRadius(int actingUsers, int billableUsers, int limitPercent, int limitUsers) {

  /** The guard's verdict on an evaluation of the snapshot under the org's settings. */
  public static BlastRadius of(
      List<UserEvaluation> evaluations, DirectorySnapshot snapshot, OrganizationSettings settings) {
    int acting = 0;
    for (UserEvaluation e : evaluations) {
      if (e.acts()) {
        acting++;
      }
    }
    return new BlastRadius(
        acting,
        billableUsers(snapshot),
        settings.blastRadiusPercent(),
        settings.blastRadiusUsers());
  }

  /** ACTIVE ATLASSIAN accounts with access to some product. */
  public static int billableUsers(DirectorySnapshot snapshot) {
    int n = 0;
    for (DirectoryUser u : snapshot.users()) {
      if (u.status() == UserStatus.ACTIVE
          && u.accountType() == AccountType.ATLASSIAN
          && hasAccess(u, snapshot)) {
        n++;
      }
    }
    return n;
  }

  private static boolean hasAccess(DirectoryUser u, DirectorySnapshot snapshot) {
    if (!u.productAccess().isEmpty()) {
      return true;
    }
    for (String id : u.groupIds()) {
      DirectoryGroup g = snapshot.groups().get(id);
      if (g != null && g.roles().values().stream().anyMatch(r -> !r.isEmpty())) {
        return true;
      }
    }
    return false;
  }

  /** The most users a run may act on without confirmation: the smaller of the two limits. */
  public int limit() {
    return (int) Math.min(limitUsers, (long) billableUsers * limitPercent / 100);
  }

  /** Whether the run would act on more users than a limit allows. */
  public boolean exceeded() {
    return actingUsers > limit();
  }

  /**
   * At start: within the limits, or {@code confirmCount} is exactly the number of users the run
   * would act on (the admin saw that number).
   */
  public boolean confirmedBy(Integer confirmCount) {
    return !exceeded() || (confirmCount != null && confirmCount == actingUsers);
  }

  /**
   * At planning, when the directory may have changed since the start: within the limits, or no more
   * users than were confirmed.
   */
  public boolean allows(Integer confirmCount) {
    return !exceeded() || (confirmCount != null && actingUsers <= confirmCount);
  }

  /** For people: the count, the limits and how to confirm. */
  public String describe() {
    return "the run would act on "
        + actingUsers
        + " users, more than the organization's blast-radius limit of "
        + limit()
        + " (the smaller of "
        + limitPercent
        + " % of "
        + billableUsers
        + " billable users and "
        + limitUsers
        + " users); start it again with confirmCount: "
        + actingUsers
        + " to confirm, or change blastRadiusPercent / blastRadiusUsers in the settings";
  }
}

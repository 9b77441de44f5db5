package app.reclaim.directory;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An org's directory in figures at one instant, computed from the in-memory index (bitset
 * cardinalities and one pass over each product's last-activity column), for the dashboard.
 *
 * <p>A product's users are those with access to it: reported by the admin API, or granted by a
 * group they are a member of (as the {@code hasAccessTo} filter). Its billable seats are those of
 * ACTIVE ATLASSIAN accounts (suspended and deactivated users are not billed; app and customer
 * accounts take no seat), and the activity bands split the billable seats by last activity in that
 * product: within {@code activeWithinDays} of {@code at} is active, within {@code lowUseWithinDays}
 * low-use, older inactive, none never active. So {@code active + lowUse + inactive + neverActive =
 * billableSeats}.
 */
public record DirectoryFigures(
    Instant at,
    int users,
    Map<UserStatus, Integer> byStatus,
    Map<AccountType, Integer> byAccountType,
    int managed,
    int unmanaged,
    int groups,
    Map<GroupSource, Integer> groupsBySource,
    List<Product> products) {

  public DirectoryFigures {
    byStatus = Map.copyOf(byStatus);
    byAccountType = Map.copyOf(byAccountType);
    groupsBySource = Map.copyOf(groupsBySource);
    products = List.copyOf(products);
  }

  /** One product's seats and activity bands; see {@link DirectoryFigures}. */
  public record Product(
      String product,
      int usersWithAccess,
      int billableSeats,
      int active,
      int lowUse,
      int inactive,
      int neverActive) {}
}

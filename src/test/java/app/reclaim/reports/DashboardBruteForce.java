package app.reclaim.reports;

import app.reclaim.directory.AccountType;
import app.reclaim.directory.DirectoryGroup;
import app.reclaim.directory.DirectoryUser;
import app.reclaim.directory.GroupSource;
import app.reclaim.directory.UserStatus;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The dashboard's directory figures recounted the slow way, user by user from the rows, in the
 * shape of the GraphQL response: no bitset, no index, nothing shared with the code under test.
 */
final class DashboardBruteForce {

  private DashboardBruteForce() {}

  /** The expected {@code users}, {@code groups}, {@code groupsBySource} and {@code products}. */
  static Map<String, Object> figures(
      Collection<DirectoryUser> users,
      Map<String, DirectoryGroup> groups,
      Set<String> profileProducts,
      Map<String, Integer> capacity,
      Map<String, BigDecimal> prices,
      int activeDays,
      int lowUseDays,
      Instant now) {
    Map<String, Object> out = new LinkedHashMap<>();
    Map<String, Object> u = new LinkedHashMap<>();
    u.put("total", users.size());
    List<Object> byStatus = new ArrayList<>();
    for (UserStatus s : UserStatus.values()) {
      byStatus.add(
          Map.of(
              "status",
              s.name(),
              "count",
              (int) users.stream().filter(x -> x.status() == s).count()));
    }
    u.put("byStatus", byStatus);
    List<Object> byType = new ArrayList<>();
    for (AccountType t : AccountType.values()) {
      byType.add(
          Map.of(
              "accountType",
              t.name(),
              "count",
              (int) users.stream().filter(x -> x.accountType() == t).count()));
    }
    u.put("byAccountType", byType);
    int managed = (int) users.stream().filter(DirectoryUser::managed).count();
    u.put("managed", managed);
    u.put("unmanaged", users.size() - managed);
    out.put("users", u);
    out.put("groups", groups.size());
    List<Object> bySource = new ArrayList<>();
    for (GroupSource s : GroupSource.values()) {
      bySource.add(
          Map.of(
              "source",
              s.name(),
              "count",
              (int) groups.values().stream().filter(g -> g.source() == s).count()));
    }
    out.put("groupsBySource", bySource);

    Set<String> keys = new TreeSet<>(profileProducts);
    keys.addAll(capacity.keySet());
    for (DirectoryUser user : users) {
      user.productAccess().forEach(keys::add);
      for (String g : user.groupIds()) {
        DirectoryGroup group = groups.get(g);
        if (group != null) {
          group
              .roles()
              .forEach(
                  (p, roles) -> {
                    if (!roles.isEmpty()) {
                      keys.add(p);
                    }
                  });
        }
      }
    }
    Instant activeAfter = now.minus(Duration.ofDays(activeDays));
    Instant lowUseAfter = now.minus(Duration.ofDays(lowUseDays));
    List<Object> products = new ArrayList<>();
    for (String p : keys) {
      int withAccess = 0;
      int billable = 0;
      int active = 0;
      int lowUse = 0;
      int inactive = 0;
      int never = 0;
      for (DirectoryUser user : users) {
        if (!hasAccess(user, p, groups)) {
          continue;
        }
        withAccess++;
        if (user.status() != UserStatus.ACTIVE || user.accountType() != AccountType.ATLASSIAN) {
          continue;
        }
        billable++;
        Instant last = user.lastActiveByProduct().get(p);
        if (last == null) {
          never++;
        } else if (last.isAfter(activeAfter)) {
          active++;
        } else if (last.isAfter(lowUseAfter)) {
          lowUse++;
        } else {
          inactive++;
        }
      }
      if (withAccess == 0 && !profileProducts.contains(p) && !capacity.containsKey(p)) {
        continue;
      }
      Map<String, Object> product = new LinkedHashMap<>();
      product.put("product", p);
      product.put("usersWithAccess", withAccess);
      product.put("billableSeats", billable);
      product.put("capacity", capacity.get(p));
      product.put("active", active);
      product.put("lowUse", lowUse);
      product.put("inactive", inactive);
      product.put("neverActive", never);
      BigDecimal price = prices.get(p);
      product.put(
          "pricePerSeat",
          price == null ? null : price.setScale(2, RoundingMode.HALF_UP).toPlainString());
      products.add(product);
    }
    out.put("products", products);
    return out;
  }

  static boolean hasAccess(DirectoryUser user, String product, Map<String, DirectoryGroup> groups) {
    if (user.productAccess().contains(product)) {
      return true;
    }
    for (String g : user.groupIds()) {
      DirectoryGroup group = groups.get(g);
      if (group != null && group.grants(product)) {
        return true;
      }
    }
    return false;
  }
}

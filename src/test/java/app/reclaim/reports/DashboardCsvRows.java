package app.reclaim.reports;

import app.reclaim.Csv4180;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The dashboard CSV read back as {@code section|key|metric → value}, and the same map built from a
 * GraphQL {@code dashboard} response, so the two can be compared figure by figure.
 */
final class DashboardCsvRows {

  private DashboardCsvRows() {}

  static Map<String, String> parse(String csv) {
    List<List<String>> records = Csv4180.records(csv);
    if (!records.get(0).equals(DashboardCsv.HEADER)) {
      throw new AssertionError("header: " + records.get(0));
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (List<String> r : records.subList(1, records.size())) {
      if (r.size() != 4) {
        throw new AssertionError("record of " + r.size() + " cells: " + r);
      }
      if (out.put(r.get(0) + "|" + r.get(1) + "|" + r.get(2), r.get(3)) != null) {
        throw new AssertionError("figure twice: " + r);
      }
    }
    return out;
  }

  /** The CSV a GraphQL dashboard response should export ({@code generatedAt} given apart). */
  @SuppressWarnings("unchecked")
  static Map<String, String> expected(Map<String, Object> d, String generatedAt) {
    Map<String, String> out = new LinkedHashMap<>();
    Map<String, Object> bands = (Map<String, Object>) d.get("activityBands");
    Map<String, Object> users = (Map<String, Object>) d.get("users");
    put(out, "dashboard", "", "generatedAt", generatedAt);
    put(out, "dashboard", "", "currency", d.get("currency"));
    put(out, "dashboard", "", "activeWithinDays", bands.get("activeWithinDays"));
    put(out, "dashboard", "", "lowUseWithinDays", bands.get("lowUseWithinDays"));
    put(out, "users", "", "total", users.get("total"));
    put(out, "users", "", "managed", users.get("managed"));
    put(out, "users", "", "unmanaged", users.get("unmanaged"));
    for (Map<String, Object> c : (List<Map<String, Object>>) users.get("byStatus")) {
      put(out, "usersByStatus", c.get("status"), "count", c.get("count"));
    }
    for (Map<String, Object> c : (List<Map<String, Object>>) users.get("byAccountType")) {
      put(out, "usersByAccountType", c.get("accountType"), "count", c.get("count"));
    }
    put(out, "groups", "", "total", d.get("groups"));
    for (Map<String, Object> c : (List<Map<String, Object>>) d.get("groupsBySource")) {
      put(out, "groupsBySource", c.get("source"), "count", c.get("count"));
    }
    for (Map<String, Object> p : (List<Map<String, Object>>) d.get("products")) {
      for (String metric :
          List.of(
              "usersWithAccess",
              "billableSeats",
              "capacity",
              "active",
              "lowUse",
              "inactive",
              "neverActive",
              "pricePerSeat")) {
        put(out, "product", p.get("product"), metric, p.get(metric));
      }
    }
    Map<String, Object> r = (Map<String, Object>) d.get("reclaimed");
    put(out, "reclaimed", "", "since", r.get("since"));
    put(out, "reclaimed", "", "seatsReclaimed", r.get("seatsReclaimed"));
    put(out, "reclaimed", "", "seatsRestored", r.get("seatsRestored"));
    put(out, "reclaimed", "", "estimatedMonthlySavings", amount(r));
    for (Map<String, Object> m : (List<Map<String, Object>>) r.get("months")) {
      for (String metric : List.of("runs", "seatsReclaimed", "seatsRestored")) {
        put(out, "month", m.get("month"), metric, m.get(metric));
      }
      put(out, "month", m.get("month"), "estimatedMonthlySavings", amount(m));
    }
    for (Map<String, Object> run : (List<Map<String, Object>>) r.get("runs")) {
      Object id = run.get("runId");
      for (String metric :
          List.of("ruleId", "ruleName", "mode", "state", "startedAt", "finishedAt", "seats")) {
        put(out, "run", id, metric, run.get(metric));
      }
      put(out, "run", id, "estimatedMonthlySavings", amount(run));
      for (Map<String, Object> s : (List<Map<String, Object>>) run.get("seatsByProduct")) {
        put(out, "runProduct", id + "/" + s.get("product"), "seats", s.get("seats"));
        put(
            out,
            "runProduct",
            id + "/" + s.get("product"),
            "monthlySavings",
            s.get("monthlySavings"));
      }
    }
    for (Map<String, Object> u : (List<Map<String, Object>>) d.get("upcomingRuns")) {
      for (String metric :
          List.of("scheduleName", "ruleId", "mode", "nextFireAt", "matchingUsers")) {
        put(out, "upcomingRun", u.get("scheduleId"), metric, u.get(metric));
      }
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static Object amount(Map<String, Object> parent) {
    return ((Map<String, Object>) parent.get("estimatedMonthlySavings")).get("amount");
  }

  private static void put(
      Map<String, String> out, String section, Object key, String metric, Object value) {
    out.put(section + "|" + key + "|" + metric, value == null ? "" : value.toString());
  }
}

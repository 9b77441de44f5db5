/**
 * Reports: the dashboard (users by status and account type, managed or not, per product billable
 * seats against capacity and activity bands, groups by source, seats reclaimed and estimated
 * savings per run and per month, upcoming scheduled runs with the users their rules match now),
 * computed from the {@code directory}'s in-memory index and the {@code cleanup} runs' recorded
 * seats, never by a scan of the stored directory; its daily snapshot per org in the region keyspace
 * for {@code dashboardHistory}; and its CSV export. Uses {@code directory}, {@code cleanup}, {@code
 * rules} and {@code schedules} (upcoming runs and their matches), and {@code organizations}
 * (settings, profile).
 */
@ApplicationModule(
    allowedDependencies = {
      "directory",
      "cleanup",
      "rules",
      "schedules",
      "organizations",
      "store",
      "security",
      "support"
    })
package app.reclaim.reports;

import org.springframework.modulith.ApplicationModule;

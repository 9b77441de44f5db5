/**
 * Cleanup schedules: named cron expressions (Spring's {@code CronExpression}) in an IANA time zone
 * that start a run of a saved rule (PREVIEW or EXECUTE) through {@code cleanup}'s {@code
 * CleanupService.startFor}. Exactly one instance fires each due schedule: firing is a
 * compare-and-set (LWT) on the schedule's {@code next_fire_at}. Missed fires after downtime: at
 * most one run, for the latest missed time, and only if it is within {@code missed-fire-grace}.
 */
@ApplicationModule(
    allowedDependencies = {"cleanup", "rules", "organizations", "store", "security", "support"})
package app.reclaim.schedules;

import org.springframework.modulith.ApplicationModule;

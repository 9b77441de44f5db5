/**
 * Live notifications of an organization: the {@code organizationEvents} subscription (cleanup runs
 * started, finished and blocked by the blast-radius guard, directory syncs finished, API
 * credentials expiring). Events are derived from what {@code cleanup}, {@code sync} and {@code
 * organizations} keep in Cassandra, so a subscriber on any instance sees what another instance did.
 */
@ApplicationModule(
    allowedDependencies = {"cleanup", "sync", "organizations", "security", "support"})
package app.reclaim.notifications;

import org.springframework.modulith.ApplicationModule;

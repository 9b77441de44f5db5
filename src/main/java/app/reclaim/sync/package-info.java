/**
 * Directory sync: pulls an org's directory from the Atlassian admin API into the directory module,
 * full (with removal of what is gone upstream) or incremental, as a resumable batch job recorded in
 * Cassandra (phase and next-page cursor), one per org at a time across instances (an LWT lease),
 * daily at a configured time and on demand. Uses {@code atlassian}, {@code directory} and {@code
 * organizations}.
 */
@ApplicationModule(
    allowedDependencies = {
      "atlassian",
      "directory",
      "organizations",
      "store",
      "security",
      "support"
    })
package app.reclaim.sync;

import org.springframework.modulith.ApplicationModule;

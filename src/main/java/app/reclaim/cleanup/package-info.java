/**
 * Cleanup runs: executing a saved rule (or only logging what it would do, PREVIEW mode) over the
 * org's directory snapshot. A run writes every planned operation to its log (cleanup_items,
 * PENDING) before any upstream call, then works through them with bounded concurrency through the
 * {@code atlassian} client, each ending DONE, FAILED, SKIPPED or REQUIRES_IDP_ACTION; successful
 * actions are reflected in the {@code directory} mirror. Planning applies the org's current
 * protections and blast-radius limits (docs/safety.md): an EXECUTE run over the limits needs a
 * confirmed count at start, and one that grew past it ends FAILED before acting. One run per rule
 * at a time, owned through an LWT lease renewed as a heartbeat; a run whose owner died is resumed,
 * and an item whose outcome is unknown (IN_FLIGHT) is checked upstream before it is retried. Uses
 * {@code rules}, {@code directory}, {@code atlassian} and {@code organizations}.
 */
@ApplicationModule(
    allowedDependencies = {
      "rules",
      "directory",
      "atlassian",
      "organizations",
      "store",
      "security",
      "support"
    })
package app.reclaim.cleanup;

import org.springframework.modulith.ApplicationModule;

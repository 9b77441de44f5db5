/**
 * Cleanup rules: their definitions (conditions combined with all / any / not, exclusions, one
 * action, product scope), validation, versioned storage in the org's region keyspace, and the
 * evaluator: pure code over a {@link app.reclaim.directory.DirectorySnapshot} that says, per user,
 * whether the rule matches, why, and which operations it would plan (from the user's license
 * paths). Preview runs the evaluator for a saved or unsaved rule. Uses {@code directory} and {@code
 * organizations} (the org profile's products, region routing).
 */
@ApplicationModule(
    allowedDependencies = {"directory", "organizations", "store", "security", "support"})
package app.reclaim.rules;

import org.springframework.modulith.ApplicationModule;

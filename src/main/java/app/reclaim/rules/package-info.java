/**
 * Cleanup rules: their definitions (conditions combined with all / any / not, exclusions, one
 * action, product scope), validation, versioned storage in the org's region keyspace, and the
 * evaluator: pure code over a {@link app.reclaim.directory.DirectorySnapshot} that says, per user,
 * whether the rule matches, why, and which operations it would plan (from the user's license
 * paths). {@link app.reclaim.rules.Protections} (org admins, the settings' protected accounts and
 * groups, app accounts) are applied there, in one place: the evaluator requires them, so previews,
 * runs and restores share them; {@link app.reclaim.rules.BlastRadius} counts the users a run acts
 * on against the settings' limits (docs/safety.md). Preview runs the evaluator for a saved or
 * unsaved rule. Uses {@code directory} and {@code organizations} (the org profile's products,
 * region routing).
 */
@ApplicationModule(
    allowedDependencies = {"directory", "organizations", "store", "security", "support"})
package app.reclaim.rules;

import org.springframework.modulith.ApplicationModule;

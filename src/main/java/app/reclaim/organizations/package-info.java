/**
 * The org registry (id → region, state) in the control keyspace, residency routing for every other
 * module (an org's statements go to its region keyspace), the org profile in the region keyspace,
 * installation, the demo org, and each org's Atlassian API credentials, encrypted at rest ({@link
 * app.reclaim.organizations.CredentialsService}: status for GraphQL, the plaintext only for the
 * admin-API client), the org's settings (with {@code endUserDataInLogs} behind every module's
 * {@link app.reclaim.support.LogPrivacy}), and the platform lifecycle under {@code /platform}:
 * uninstall (a purge of every row of the org, {@link app.reclaim.organizations.Uninstaller}),
 * residency moves driven by the platform's migration hooks ({@link
 * app.reclaim.organizations.ResidencyMoves}), during which the org is read-only, and personal-data
 * erasure: the modules that store end-user data implement {@link
 * app.reclaim.organizations.PersonalDataEraser}, which this module calls without knowing them. Uses
 * only {@code store}, {@code security} and {@code support}.
 */
@ApplicationModule(allowedDependencies = {"store", "security", "support"})
package app.reclaim.organizations;

import org.springframework.modulith.ApplicationModule;

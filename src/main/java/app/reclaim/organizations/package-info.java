/**
 * The org registry (id → region, state) in the control keyspace, residency routing for every other
 * module (an org's statements go to its region keyspace), the org profile in the region keyspace,
 * installation, and the demo org. Uses only {@code store}, {@code security} and {@code support}.
 */
@ApplicationModule(allowedDependencies = {"store", "security", "support"})
package app.reclaim.organizations;

import org.springframework.modulith.ApplicationModule;

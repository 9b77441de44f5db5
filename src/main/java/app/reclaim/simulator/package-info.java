/**
 * A local stand-in of the Atlassian organization admin API (ADMIN-API.md §1.3 and §1.5), served
 * over real HTTP on loopback, for the demo, tests and benchmarks: deterministic synthetic orgs of
 * any size, writes that change state and land in an action log, IdP-synced groups and users refused
 * the way Atlassian refuses them, and injectable faults (429 with rate-limit headers, 5xx, latency,
 * outages). It uses nothing else of Reclaim, and nothing in production may use it: the prod profile
 * refuses to start with it enabled.
 */
@ApplicationModule(allowedDependencies = {})
package app.reclaim.simulator;

import org.springframework.modulith.ApplicationModule;

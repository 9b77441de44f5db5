/**
 * A local stand-in of the Atlassian organization admin API (ADMIN-API.md §1.3 and §1.5), served
 * over real HTTP on loopback, for the demo, tests and benchmarks: deterministic synthetic orgs of
 * any size, writes that change state and land in an action log, IdP-synced groups and users refused
 * the way Atlassian refuses them, and injectable faults (429 with rate-limit headers, 5xx, latency,
 * outages). Its rules and the documented examples live in one place, the contract files under
 * {@code admin-api-contract/} ({@link app.reclaim.simulator.Contract}): what the docs say it does,
 * and where they are silent, it refuses. It uses nothing else of Reclaim, and nothing in production
 * may use it: the prod profile refuses to start with it enabled.
 */
@ApplicationModule(allowedDependencies = {})
package app.reclaim.simulator;

import org.springframework.modulith.ApplicationModule;

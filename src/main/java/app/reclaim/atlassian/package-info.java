/**
 * The outbound client of the Atlassian organization admin API (v2 directory APIs; v1 for orgs,
 * domains and last-active dates): typed records, cursor paging, and per-org resilience (rate
 * limiter, retry honouring Retry-After and X-RateLimit-Reset, circuit breaker, bulkhead, timeouts).
 * Failures leave the module as {@link app.reclaim.atlassian.AdminApiException} subtypes. Uses
 * {@code organizations} (the org's API key).
 */
@ApplicationModule(allowedDependencies = {"organizations", "store", "security", "support"})
package app.reclaim.atlassian;

import org.springframework.modulith.ApplicationModule;

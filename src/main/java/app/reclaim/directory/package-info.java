/**
 * The mirrored directory of each org: users (status, account type, last activity per product,
 * added-to-org, managed or not), groups (product roles granted, source), memberships; the write API
 * that sync and SCIM use; the per-org in-memory index that serves filtered, ordered user lists,
 * counts and license paths; and the GraphQL queries over it. Uses {@code organizations} (routing to
 * the org's region keyspace), {@code store}, {@code security} and {@code support}.
 */
@ApplicationModule(allowedDependencies = {"organizations", "store", "security", "support"})
package app.reclaim.directory;

import org.springframework.modulith.ApplicationModule;

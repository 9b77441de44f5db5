/**
 * Cassandra access: the one {@code CqlSession} (Boot's driver support, no Spring Data), the schema
 * migrator for the control keyspace {@code reclaim} and the region keyspaces {@code
 * reclaim_<region>}, the router that sends every org's statements to its region keyspace (and
 * refuses writes to an org its resolver says is frozen), and the org-partition catalog: every table
 * holding an org's rows and how to list all of one org's partitions in it from the org's own data,
 * with the partition reads, counts, copies and deletes that uninstall and residency moves are made
 * of. Uses no other module.
 */
@ApplicationModule(allowedDependencies = {"support"})
package app.reclaim.store;

import org.springframework.modulith.ApplicationModule;

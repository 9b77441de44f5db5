/**
 * Cassandra access: the one {@code CqlSession} (Boot's driver support, no Spring Data), the schema
 * migrator for the control keyspace {@code reclaim} and the region keyspaces {@code
 * reclaim_<region>}, and the router that sends every org's statements to its region keyspace. Uses
 * no other module.
 */
@ApplicationModule(allowedDependencies = {"support"})
package app.reclaim.store;

import org.springframework.modulith.ApplicationModule;

package app.reclaim.store;

import com.datastax.oss.driver.api.core.cql.PreparedStatement;

/** Prepares a keyspace-less statement in the region keyspace of the given org. */
@FunctionalInterface
public interface OrgStatements {

  PreparedStatement prepare(String orgId, String cql);
}

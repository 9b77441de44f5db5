package app.reclaim.store;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Sends an org's statements to its region keyspace. Repositories write CQL without a keyspace and
 * ask for a statement prepared against the org's keyspace (native protocol v5 carries the keyspace
 * per statement); the router prepares each (keyspace, CQL) pair once. Nothing else builds a
 * keyspace name.
 */
@Component
public class KeyspaceRouter {

  private final CqlSession session;
  private final RegionKeyspaces regions;
  private final Map<CqlIdentifier, Map<String, PreparedStatement>> prepared =
      new ConcurrentHashMap<>();

  KeyspaceRouter(CqlSession session, RegionKeyspaces regions) {
    this.session = session;
    this.regions = regions;
  }

  /**
   * The statement prepared in the region keyspace of an org whose region the caller resolved. A
   * write (INSERT, UPDATE, DELETE) is refused here when the resolver says the org may not be
   * written now (a residency move or an uninstall in progress), so no repository can forget the
   * check.
   */
  public OrgStatements forOrg(RegionResolver resolver) {
    return (orgId, cql) -> {
      if (isWrite(cql)) {
        resolver.requireWritable(orgId);
      }
      return prepareInRegion(resolver.regionOf(orgId), cql);
    };
  }

  static boolean isWrite(String cql) {
    String head = cql.stripLeading();
    return head.regionMatches(true, 0, "INSERT", 0, 6)
        || head.regionMatches(true, 0, "UPDATE", 0, 6)
        || head.regionMatches(true, 0, "DELETE", 0, 6);
  }

  /** The statement prepared in a region's keyspace (created and migrated on first use). */
  public PreparedStatement prepareInRegion(String region, String cql) {
    CqlIdentifier keyspace = regions.ensure(region);
    return prepared
        .computeIfAbsent(keyspace, k -> new ConcurrentHashMap<>())
        .computeIfAbsent(
            cql, q -> session.prepare(SimpleStatement.newInstance(q).setKeyspace(keyspace)));
  }

  /** The control keyspace's statement, for registry-level tables (no end-user data). */
  public PreparedStatement prepareControl(String cql) {
    CqlIdentifier keyspace = regions.control();
    return prepared
        .computeIfAbsent(keyspace, k -> new ConcurrentHashMap<>())
        .computeIfAbsent(
            cql, q -> session.prepare(SimpleStatement.newInstance(q).setKeyspace(keyspace)));
  }

  public CqlSession session() {
    return session;
  }
}

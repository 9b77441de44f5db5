package app.reclaim.store;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import java.time.Duration;
import java.time.Instant;

/**
 * Named, expiring leases in the control keyspace, taken with a lightweight transaction so that
 * exactly one owner holds a name at a time. Expiry is the row's TTL, so a holder that dies frees
 * the lease.
 */
public final class Leases {

  private static final int DEFAULT_TTL_SECONDS = 120;
  private final CqlSession session;
  private final String table;

  public Leases(CqlSession session, CqlIdentifier controlKeyspace) {
    this.session = session;
    this.table = controlKeyspace.asCql(true) + ".leases";
  }

  /** Takes the lease if free (or already ours); true when held by {@code owner} afterwards. */
  public boolean tryAcquire(String name, String owner, Duration ttl) {
    var result =
        session.execute(
            SimpleStatement.newInstance(
                    "INSERT INTO "
                        + table
                        + " (name, owner, acquired_at) VALUES (?, ?, ?) IF NOT EXISTS USING TTL ?",
                    name,
                    owner,
                    Instant.now(),
                    ttlSeconds(ttl))
                .setSerialConsistencyLevel(ConsistencyLevel.LOCAL_SERIAL));
    return result.wasApplied() || owner.equals(result.one().getString("owner"));
  }

  /**
   * Extends a lease we hold. If ours expired and nobody took it meanwhile, takes it again; false
   * when another owner has it now.
   */
  public boolean renew(String name, String owner, Duration ttl) {
    boolean extended =
        session
            .execute(
                SimpleStatement.newInstance(
                        "UPDATE "
                            + table
                            + " USING TTL ? SET owner = ?, acquired_at = ? WHERE name = ? IF owner = ?",
                        ttlSeconds(ttl),
                        owner,
                        Instant.now(),
                        name,
                        owner)
                    .setSerialConsistencyLevel(ConsistencyLevel.LOCAL_SERIAL))
            .wasApplied();
    return extended || tryAcquire(name, owner, ttl);
  }

  /** The lease's owner while it is held. */
  public java.util.Optional<String> holder(String name) {
    var row =
        session
            .execute(
                SimpleStatement.newInstance("SELECT owner FROM " + table + " WHERE name = ?", name)
                    .setConsistencyLevel(ConsistencyLevel.LOCAL_SERIAL))
            .one();
    return java.util.Optional.ofNullable(row).map(r -> r.getString("owner"));
  }

  public void release(String name, String owner) {
    session.execute(
        SimpleStatement.newInstance(
                "DELETE FROM " + table + " WHERE name = ? IF owner = ?", name, owner)
            .setSerialConsistencyLevel(ConsistencyLevel.LOCAL_SERIAL));
  }

  void acquireWaiting(String name, String owner, Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    while (!tryAcquire(name, owner, Duration.ofSeconds(DEFAULT_TTL_SECONDS))) {
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException(
            "lease '"
                + name
                + "' still held by another instance after "
                + timeout.toSeconds()
                + " s");
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted waiting for lease " + name, e);
      }
    }
  }

  private static int ttlSeconds(Duration ttl) {
    return (int) Math.max(1, ttl.toSeconds());
  }
}

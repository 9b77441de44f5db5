package app.reclaim.store;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DriverException;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Named, expiring leases in the control keyspace, taken with a lightweight transaction so that
 * exactly one owner holds a name at a time. The owner expires with the row's TTL, so a holder that
 * dies frees the lease; the name's epoch does not expire: every takeover increases it in the same
 * LWT that sets the owner, and a renewal never changes it, so it fences a holder that was slow (see
 * {@link Lease}). A renewal finds its lease lost as soon as another owner took the name, even if
 * that owner released it since.
 */
public final class Leases {

  private static final Logger log = LoggerFactory.getLogger(Leases.class);
  private static final int DEFAULT_TTL_SECONDS = 120;
  private static final int CONTENDED_TRIES = 5;

  private final CqlSession session;
  private final String table;
  private final LeaseFaults faults = new LeaseFaults();
  private final ScheduledExecutorService renewer;

  public Leases(CqlSession session, CqlIdentifier controlKeyspace) {
    this.session = session;
    this.table = controlKeyspace.asCql(true) + ".leases";
    ScheduledThreadPoolExecutor pool =
        new ScheduledThreadPoolExecutor(
            2,
            r -> {
              Thread t = new Thread(r, "lease-renewer");
              t.setDaemon(true);
              return t;
            });
    pool.setRemoveOnCancelPolicy(true);
    this.renewer = pool;
  }

  /** Fault injection for tests: renewals made late, as a long GC pause would. */
  public LeaseFaults faults() {
    return faults;
  }

  /**
   * Takes the lease if nobody holds it, increasing its epoch; empty when another owner holds it.
   * The returned lease is valid for {@code ttl} from the moment the request was sent.
   */
  public Optional<Lease> acquire(String name, String owner, Duration ttl) {
    for (int i = 0; i < CONTENDED_TRIES; i++) {
      Row row =
          session
              .execute(
                  SimpleStatement.newInstance(
                          "SELECT owner, epoch FROM " + table + " WHERE name = ?", name)
                      .setConsistencyLevel(ConsistencyLevel.LOCAL_SERIAL))
              .one();
      if (row != null && row.getString("owner") != null) {
        return Optional.empty();
      }
      Long epoch = row == null || row.isNull("epoch") ? null : row.getLong("epoch");
      long next = epoch == null ? 1 : epoch + 1;
      long sentAt = System.nanoTime();
      // The owner lives for the TTL, the epoch for ever: two statements, one partition, one LWT.
      boolean applied =
          session
              .execute(
                  SimpleStatement.newInstance(
                          "BEGIN BATCH UPDATE "
                              + table
                              + " USING TTL ? SET owner = ?, acquired_at = ? WHERE name = ?"
                              + " IF owner = NULL AND epoch = ?; UPDATE "
                              + table
                              + " SET epoch = ? WHERE name = ?; APPLY BATCH",
                          ttlSeconds(ttl),
                          owner,
                          Instant.now(),
                          name,
                          epoch,
                          next,
                          name)
                      .setSerialConsistencyLevel(ConsistencyLevel.LOCAL_SERIAL))
              .wasApplied();
      if (applied) {
        return Optional.of(new Lease(name, owner, next, ttl, sentAt));
      }
    }
    return Optional.empty();
  }

  /** {@link #acquire} for callers that need no fencing (the migration lock, purges). */
  public boolean tryAcquire(String name, String owner, Duration ttl) {
    return acquire(name, owner, ttl).isPresent() || holder(name).filter(owner::equals).isPresent();
  }

  /**
   * Extends the lease while its epoch is unchanged: while still ours, or expired with nobody having
   * taken it since (then nobody acted in between). False, and the lease marked lost, once another
   * owner took it; a failed request (Cassandra slow or paused) throws and leaves it as it was.
   */
  public boolean renew(Lease lease) {
    if (lease.lost()) {
      return false;
    }
    long sentAt = System.nanoTime();
    String ours = "UPDATE " + table + " USING TTL ? SET owner = ?, acquired_at = ? WHERE name = ?";
    boolean applied =
        conditional(ours + " IF owner = ? AND epoch = ?", lease, lease.owner(), lease.epoch())
            || conditional(ours + " IF owner = NULL AND epoch = ?", lease, lease.epoch());
    if (applied) {
      lease.renewed(sentAt);
    } else {
      lease.markLost();
    }
    return applied;
  }

  private boolean conditional(String cql, Lease lease, Object... condition) {
    Object[] values = new Object[4 + condition.length];
    values[0] = ttlSeconds(lease.ttl());
    values[1] = lease.owner();
    values[2] = Instant.now();
    values[3] = lease.name();
    System.arraycopy(condition, 0, values, 4, condition.length);
    return session
        .execute(
            SimpleStatement.newInstance(cql, values)
                .setSerialConsistencyLevel(ConsistencyLevel.LOCAL_SERIAL))
        .wasApplied();
  }

  /**
   * Renews {@code lease} in the background every quarter of its TTL until the returned handle is
   * closed or the lease is lost. A renewal that fails (Cassandra slow) is tried again at the next
   * tick; meanwhile the lease's validity runs down, and its holder waits or stops.
   */
  public Keeping keep(Lease lease) {
    long every = Math.max(10, lease.ttl().toMillis() / 4);
    ScheduledFuture<?> task =
        renewer.scheduleWithFixedDelay(
            () -> renewQuietly(lease), every, every, TimeUnit.MILLISECONDS);
    return () -> {
      task.cancel(false);
      lease.markLost(); // a renewal already under way must not take a released lease back
    };
  }

  /** The background renewal of one lease; closing it stops renewing (it does not release). */
  public interface Keeping extends AutoCloseable {
    @Override
    void close();
  }

  private void renewQuietly(Lease lease) {
    if (lease.lost()) {
      throw new IllegalStateException("lost"); // ends the periodic task
    }
    boolean delayed = faults.beforeRenewal();
    try {
      if (lease.lost()) {
        return; // stopped (or lost) while this renewal waited
      }
      if (!renew(lease)) {
        log.warn("{} lost: another instance took it over", lease);
      }
    } catch (DriverException e) {
      log.info("{} not renewed ({}); retrying", lease, e.getClass().getSimpleName());
    } finally {
      faults.afterRenewal(delayed);
    }
  }

  /** The lease's owner while it is held. */
  public Optional<String> holder(String name) {
    var row =
        session
            .execute(
                SimpleStatement.newInstance("SELECT owner FROM " + table + " WHERE name = ?", name)
                    .setConsistencyLevel(ConsistencyLevel.LOCAL_SERIAL))
            .one();
    return Optional.ofNullable(row).map(r -> r.getString("owner"));
  }

  /** Releases the lease if {@code owner} holds it; the epoch stays. */
  public void release(String name, String owner) {
    session.execute(
        SimpleStatement.newInstance(
                "DELETE owner, acquired_at FROM " + table + " WHERE name = ? IF owner = ?",
                name,
                owner)
            .setSerialConsistencyLevel(ConsistencyLevel.LOCAL_SERIAL));
  }

  public void release(Lease lease) {
    lease.markLost();
    release(lease.name(), lease.owner());
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

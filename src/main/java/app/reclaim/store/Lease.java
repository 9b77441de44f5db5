package app.reclaim.store;

import java.time.Duration;

/**
 * One holding of a named lease ({@link Leases#acquire}): its owner, the fencing epoch its takeover
 * set, and how long the holder may still trust it. The epoch is the token a holder's writes are
 * conditional on (a later holder's epoch is always higher); validity is measured on this process's
 * monotonic clock from the moment the acquiring or renewing request was sent, less the second
 * Cassandra may round its TTL down, so it ends no later than the row does. A holder acts only while
 * the lease is valid for longer than the act can take ({@link #awaitValidFor}): a holder that was
 * paused or starved finds it expired and stops before acting, instead of acting beside the holder
 * that took over.
 */
public final class Lease {

  /** Clock differences between this process and Cassandra's TTL, on top of every bound. */
  static final Duration MARGIN = Duration.ofMillis(250);

  private final String name;
  private final String owner;
  private final long epoch;
  private final Duration ttl;
  private volatile long validUntil;
  private volatile boolean lost;

  Lease(String name, String owner, long epoch, Duration ttl, long sentAt) {
    this.name = name;
    this.owner = owner;
    this.epoch = epoch;
    this.ttl = ttl;
    this.validUntil = sentAt + lifetime(ttl);
  }

  /**
   * What the holder may count on: Cassandra keeps a TTL in whole seconds from the second the write
   * arrived in, so a row written with TTL n lives more than n - 1 seconds and at most n.
   */
  static long lifetime(Duration ttl) {
    return Duration.ofSeconds(Math.max(1, ttl.toSeconds()) - 1).toNanos();
  }

  public String name() {
    return name;
  }

  public String owner() {
    return owner;
  }

  /** The fencing token: increased by every takeover of the name, never by a renewal. */
  public long epoch() {
    return epoch;
  }

  public Duration ttl() {
    return ttl;
  }

  /**
   * True once a renewal found another holder (or a fenced write was refused): never valid again.
   */
  public boolean lost() {
    return lost;
  }

  /** Marks the lease lost: a write conditional on its epoch was refused, so another holder acts. */
  public void markLost() {
    lost = true;
  }

  /** Whether the lease holds for at least {@code bound} more (plus {@link #MARGIN}). */
  public boolean validFor(Duration bound) {
    return !lost && validUntil - System.nanoTime() > bound.plus(MARGIN).toNanos();
  }

  /**
   * Waits (at most {@code patience}) until the lease is valid for {@code bound}: a renewal that is
   * late (a slow Cassandra, a starved renewer) restores validity; a lost lease never does. True
   * when the caller may act.
   */
  public boolean awaitValidFor(Duration bound, Duration patience) {
    long deadline = System.nanoTime() + patience.toNanos();
    while (!validFor(bound)) {
      if (lost || System.nanoTime() - deadline > 0) {
        return false;
      }
      synchronized (this) {
        try {
          wait(20);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
    }
    return true;
  }

  /** A renewal sent at {@code sentAt} (System.nanoTime()) was applied. */
  void renewed(long sentAt) {
    long until = sentAt + lifetime(ttl);
    if (until > validUntil) {
      validUntil = until;
    }
    synchronized (this) {
      notifyAll();
    }
  }

  @Override
  public String toString() {
    return "lease " + name + " (epoch " + epoch + ")";
  }
}

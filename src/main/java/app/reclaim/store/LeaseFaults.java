package app.reclaim.store;

import java.time.Duration;

/**
 * Faults the tests inject into lease renewal, as the simulator's faults do upstream: every renewal
 * waits {@link #delayRenewals} first, the way a holder paused by a long GC or starved of CPU renews
 * late. Off unless a test sets it.
 */
public final class LeaseFaults {

  private volatile Duration renewalDelay = Duration.ZERO;
  private final java.util.concurrent.atomic.AtomicInteger delaying =
      new java.util.concurrent.atomic.AtomicInteger();

  /** How many renewals are waiting out the delay, or were and have not finished yet. */
  public int renewalsDelayed() {
    return delaying.get();
  }

  /** Every renewal from now on waits {@code delay} before it is sent. */
  public void delayRenewals(Duration delay) {
    renewalDelay = delay;
  }

  public void clear() {
    renewalDelay = Duration.ZERO;
  }

  /** Waits out the delay, if any; true when it did (then {@link #afterRenewal} must follow). */
  boolean beforeRenewal() {
    Duration delay = renewalDelay;
    if (delay.isZero()) {
      return false;
    }
    delaying.incrementAndGet();
    try {
      Thread.sleep(delay.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return true;
  }

  void afterRenewal(boolean delayed) {
    if (delayed) {
      delaying.decrementAndGet();
    }
  }
}

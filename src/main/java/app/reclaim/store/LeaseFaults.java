package app.reclaim.store;

import java.time.Duration;

/**
 * Faults the tests inject into lease renewal, as the simulator's faults do upstream: every renewal
 * waits {@link #delayRenewals} first, the way a holder paused by a long GC or starved of CPU renews
 * late. Off unless a test sets it.
 */
public final class LeaseFaults {

  private volatile Duration renewalDelay = Duration.ZERO;

  /** Every renewal from now on waits {@code delay} before it is sent. */
  public void delayRenewals(Duration delay) {
    renewalDelay = delay;
  }

  public void clear() {
    renewalDelay = Duration.ZERO;
  }

  void beforeRenewal() {
    Duration delay = renewalDelay;
    if (!delay.isZero()) {
      try {
        Thread.sleep(delay.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}

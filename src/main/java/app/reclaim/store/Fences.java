package app.reclaim.store;

import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Raising a fence: the value a holder's writes are conditional on, stored next to the data it
 * guards (a static column) and set to the holder's lease epoch when it takes the work over.
 * Compare-and-set on the value read at serial consistency, so of two holders raising at once only
 * one wins each step, and a fence never goes down.
 */
public final class Fences {

  private static final int TRIES = 10;

  private Fences() {}

  /**
   * Raises the fence to {@code epoch}: {@code current} reads it at serial consistency (null when
   * never set), {@code setIfStill} writes the epoch IF the fence is still the value given (an LWT;
   * true when applied). True when the fence is {@code epoch} afterwards; false when it was already
   * higher (a later holder has the work).
   */
  public static boolean raise(long epoch, Supplier<Long> current, Predicate<Long> setIfStill) {
    for (int i = 0; i < TRIES; i++) {
      Long fence = current.get();
      if (fence != null && fence >= epoch) {
        return fence == epoch;
      }
      if (setIfStill.test(fence)) {
        return true;
      }
    }
    throw new IllegalStateException("a fence stayed contended after " + TRIES + " tries");
  }
}

package app.reclaim.cleanup;

/**
 * Set once the application stops: runs and restores start no new item, let the calls in flight
 * finish and record them, and leave their runs RUNNING with the lease released, so that another
 * instance (or this one restarted) resumes them at once instead of after the lease's TTL.
 */
final class Shutdown {

  private volatile boolean stopping;

  boolean stopping() {
    return stopping;
  }

  void begin() {
    stopping = true;
  }
}

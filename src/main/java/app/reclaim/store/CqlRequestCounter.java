package app.reclaim.store;

import com.datastax.oss.driver.api.core.config.DriverExecutionProfile;
import com.datastax.oss.driver.api.core.metadata.Node;
import com.datastax.oss.driver.api.core.session.Request;
import com.datastax.oss.driver.api.core.tracker.RequestTracker;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.boot.cassandra.autoconfigure.CqlSessionBuilderCustomizer;
import org.springframework.stereotype.Component;

/**
 * Counts the CQL requests this instance's session completes, so that "how many queries does this
 * cost" is a number (tests of N+1 behaviour, benchmarks) rather than a guess.
 */
@Component
public class CqlRequestCounter implements RequestTracker, CqlSessionBuilderCustomizer {

  private final AtomicLong requests = new AtomicLong();

  @Override
  public void customize(com.datastax.oss.driver.api.core.CqlSessionBuilder builder) {
    builder.addRequestTracker(this);
  }

  @Override
  public void onSuccess(
      Request request,
      long latencyNanos,
      DriverExecutionProfile profile,
      Node node,
      String requestLogPrefix) {
    requests.incrementAndGet();
  }

  @Override
  public void onError(
      Request request,
      Throwable error,
      long latencyNanos,
      DriverExecutionProfile profile,
      Node node,
      String requestLogPrefix) {
    requests.incrementAndGet();
  }

  @Override
  public void close() {}

  public long count() {
    return requests.get();
  }
}

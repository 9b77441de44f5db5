package app.reclaim.atlassian;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;

/**
 * What the client knows about the admin API's health per org, for sync and job status to report:
 * the state of the org's circuit breaker. Reading it creates nothing: an org never called is
 * CLOSED.
 */
public class AdminApiHealth {

  /**
   * The org's circuit breaker: OPEN fails calls at once, HALF_OPEN lets a few trial calls through.
   */
  public enum BreakerState {
    CLOSED,
    OPEN,
    HALF_OPEN
  }

  private final ResiliencePolicy policy;

  AdminApiHealth(ResiliencePolicy policy) {
    this.policy = policy;
  }

  public BreakerState breakerState(String orgId) {
    return policy
        .breakers()
        .find(orgId)
        .map(CircuitBreaker::getState)
        .map(AdminApiHealth::of)
        .orElse(BreakerState.CLOSED);
  }

  private static BreakerState of(CircuitBreaker.State state) {
    return switch (state) {
      case OPEN, FORCED_OPEN -> BreakerState.OPEN;
      case HALF_OPEN -> BreakerState.HALF_OPEN;
      default -> BreakerState.CLOSED;
    };
  }
}

package app.reclaim.simulator;

import app.reclaim.simulator.SimulatorEnvironment.SimulatorInProductionException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns the prod-profile refusal into Boot's start-up failure report: the reason and the fix, no
 * trace.
 */
public final class SimulatorFailureAnalyzer
    extends AbstractFailureAnalyzer<SimulatorInProductionException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, SimulatorInProductionException cause) {
    return new FailureAnalysis(
        "reclaim: " + cause.getMessage() + ".",
        "Remove reclaim.simulator.enabled=true (or RECLAIM_SIMULATOR_ENABLED=true), or run without the"
            + " prod profile.",
        cause);
  }
}

package app.reclaim.reports;

import app.reclaim.security.Caller;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.BatchMapping;
import org.springframework.graphql.data.method.annotation.ContextValue;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

/** The dashboard's GraphQL fields; everything goes through {@link DashboardService}. */
@Controller
class DashboardController {

  private final DashboardService dashboards;

  DashboardController(DashboardService dashboards) {
    this.dashboards = dashboards;
  }

  @QueryMapping
  Dashboard dashboard(@ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
    return dashboards.dashboard(caller);
  }

  @QueryMapping
  List<Dashboard.Day> dashboardHistory(
      @Argument LocalDate from,
      @Argument LocalDate to,
      @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
    return dashboards.history(caller, from, to);
  }

  /** One evaluation pass for every upcoming run of the response, not one per run. */
  @BatchMapping(typeName = "UpcomingRun", field = "matchingUsers")
  Map<Dashboard.UpcomingRun, Integer> matchingUsers(
      List<Dashboard.UpcomingRun> runs,
      @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
    return dashboards.matchingUsers(caller, runs);
  }
}

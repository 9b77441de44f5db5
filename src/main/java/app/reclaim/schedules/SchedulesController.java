package app.reclaim.schedules;

import app.reclaim.cleanup.CleanupRun;
import app.reclaim.security.Caller;
import java.time.Instant;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.ContextValue;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.stereotype.Controller;

/**
 * The schedules' GraphQL fields; everything goes through {@link ScheduleService} for the caller.
 */
@Controller
class SchedulesController {

  private final ScheduleService schedules;

  SchedulesController(ScheduleService schedules) {
    this.schedules = schedules;
  }

  record CreateScheduleInput(
      String name,
      String cron,
      String timeZone,
      String ruleId,
      CleanupRun.Mode mode,
      Boolean enabled) {}

  record UpdateScheduleInput(
      String id,
      Integer expectedVersion,
      String name,
      String cron,
      String timeZone,
      String ruleId,
      CleanupRun.Mode mode) {}

  record ScheduleIdInput(String id) {}

  @QueryMapping
  ScheduleService.Connection schedules(
      @Argument Integer first,
      @Argument String after,
      @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
    return schedules.schedules(caller, first, after);
  }

  @QueryMapping
  Schedule schedule(
      @Argument String id,
      @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
    return schedules.schedule(caller, id).orElse(null);
  }

  @MutationMapping
  ScheduleService.SchedulePayload createSchedule(
      @Argument CreateScheduleInput input,
      @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
    return schedules.create(
        caller,
        new ScheduleService.ScheduleInput(
            input.name(),
            input.cron(),
            input.timeZone(),
            input.ruleId(),
            input.mode(),
            input.enabled()));
  }

  @MutationMapping
  ScheduleService.SchedulePayload updateSchedule(
      @Argument UpdateScheduleInput input,
      @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
    return schedules.update(
        caller,
        input.id(),
        input.expectedVersion(),
        new ScheduleService.ScheduleInput(
            input.name(), input.cron(), input.timeZone(), input.ruleId(), input.mode(), null));
  }

  @MutationMapping
  ScheduleService.SchedulePayload pauseSchedule(
      @Argument ScheduleIdInput input,
      @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
    return schedules.pause(caller, input.id());
  }

  @MutationMapping
  ScheduleService.SchedulePayload resumeSchedule(
      @Argument ScheduleIdInput input,
      @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
    return schedules.resume(caller, input.id());
  }

  @MutationMapping
  ScheduleService.DeleteSchedulePayload deleteSchedule(
      @Argument ScheduleIdInput input,
      @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
    return schedules.delete(caller, input.id());
  }

  @SchemaMapping(typeName = "Schedule", field = "nextFireAt")
  Instant nextFireAt(Schedule s) {
    return s.visibleNextFireAt();
  }

  @SchemaMapping(typeName = "Schedule", field = "lastRun")
  ScheduleLastRun lastRun(Schedule s) {
    return s.lastRunAt() == null
        ? null
        : new ScheduleLastRun(
            s.lastRunId() == null ? null : s.lastRunId().toString(), s.lastRunAt(), s.lastError());
  }

  /** The last fire: the run it started (null if none started) and why not. */
  record ScheduleLastRun(String runId, Instant at, String errorCode) {}
}

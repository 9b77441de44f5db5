package app.reclaim.cleanup;

import app.reclaim.security.Caller;
import graphql.schema.DataFetchingEnvironment;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.dataloader.DataLoader;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.ContextValue;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.graphql.data.method.annotation.SubscriptionMapping;
import org.springframework.graphql.execution.BatchLoaderRegistry;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The cleanup runs' GraphQL fields; everything goes through {@link CleanupService} for the caller.
 */
@Controller
class CleanupController {

  /**
   * Runs of one list whose item pages are read at once (each run's items are its own partitions).
   */
  static final int ITEM_PAGES_IN_PARALLEL = 8;

  private static final String ITEMS_LOADER = "cleanupRunItems";

  private final CleanupService cleanup;
  private final CleanupRunEvents events;

  CleanupController(
      CleanupService cleanup, CleanupRunEvents events, BatchLoaderRegistry batchLoaders) {
    this.cleanup = cleanup;
    this.events = events;
    // cleanupRuns { items } asks one page per run: a data loader collects the pages of a list of
    // runs and reads them concurrently instead of one run after the other.
    batchLoaders
        .<CleanupService.ItemsPage, CleanupService.Connection<CleanupItem>>forName(ITEMS_LOADER)
        .registerMappedBatchLoader(
            (pages, environment) ->
                Flux.fromIterable(pages)
                    .flatMap(
                        page ->
                            Mono.fromCallable(() -> Map.entry(page, cleanup.items(page)))
                                .subscribeOn(Schedulers.boundedElastic()),
                        ITEM_PAGES_IN_PARALLEL)
                    .collectMap(Map.Entry::getKey, Map.Entry::getValue));
  }

  @SubscriptionMapping
  Flux<CleanupRunEvents.CleanupRunEvent> cleanupRunEvents(
      @Argument String runId,
      @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
    return events.events(caller, runId);
  }

  record StartCleanupInput(String ruleId, CleanupRun.Mode mode, Integer confirmCount) {}

  record CancelCleanupInput(String runId) {}

  record RestoreCleanupInput(String runId, java.util.List<String> accountIds) {}

  record CleanupRunFilter(String ruleId, CleanupRun.State state, Instant from, Instant to) {}

  record CleanupItemFilter(CleanupItem.Outcome outcome) {}

  @MutationMapping
  CleanupService.StartCleanupPayload startCleanup(
      @Argument StartCleanupInput input,
      @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
    return cleanup.start(caller, input.ruleId(), input.mode(), input.confirmCount());
  }

  @MutationMapping
  CleanupService.CancelCleanupPayload cancelCleanup(
      @Argument CancelCleanupInput input,
      @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
    return cleanup.cancel(caller, input.runId());
  }

  @MutationMapping
  CleanupService.RestoreCleanupPayload restoreCleanup(
      @Argument RestoreCleanupInput input,
      @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
    return cleanup.restore(caller, input.runId(), input.accountIds());
  }

  @QueryMapping
  CleanupService.Connection<CleanupRun> cleanupRuns(
      @Argument CleanupRunFilter filter,
      @Argument Integer first,
      @Argument String after,
      @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
    CleanupService.RunFilter f =
        filter == null
            ? null
            : new CleanupService.RunFilter(
                filter.ruleId(), filter.state(), filter.from(), filter.to());
    return cleanup.runs(caller, f, first, after);
  }

  @QueryMapping
  CleanupRun cleanupRun(
      @Argument String id,
      @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
    return cleanup.run(caller, id).orElse(null);
  }

  /** Read per run: ask for items on {@code cleanupRun(id)}, not across a page of runs. */
  @SchemaMapping(typeName = "CleanupRun", field = "items")
  CompletableFuture<CleanupService.Connection<CleanupItem>> items(
      CleanupRun run,
      @Argument CleanupItemFilter filter,
      @Argument Integer first,
      @Argument String after,
      DataFetchingEnvironment environment) {
    // Arguments are checked here, so a bad cursor fails its own field, not the whole batch.
    CleanupService.ItemsPage page =
        cleanup.itemsPage(run, filter == null ? null : filter.outcome(), first, after);
    DataLoader<CleanupService.ItemsPage, CleanupService.Connection<CleanupItem>> loader =
        environment.getDataLoader(ITEMS_LOADER);
    return loader.load(page);
  }

  @SchemaMapping(typeName = "CleanupRun", field = "itemCount")
  int itemCount(CleanupRun run) {
    return run.items();
  }

  @SchemaMapping(typeName = "CleanupRun", field = "pending")
  int pending(CleanupRun run) {
    return Math.max(0, run.items() - run.counts().finished());
  }
}

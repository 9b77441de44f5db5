package app.reclaim.cleanup;

import app.reclaim.security.Caller;
import app.reclaim.support.ErrorCode;
import app.reclaim.support.ReclaimException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The events of one run for a subscriber, read from Cassandra: every {@link #POLL} the run's row
 * (and, when its failed count grew, its items past the last one known final) is read, and an event
 * is emitted only on change. Whichever instance executes the run writes those rows, so a subscriber
 * on any instance sees it. The stream ends after FINISHED.
 */
@Component
class CleanupRunEvents {

  static final Duration POLL = Duration.ofMillis(200);
  private static final int ITEM_PAGE = 500;

  /** One event of a run; {@code item} is set on ITEM_FAILED only. */
  record CleanupRunEvent(Type type, CleanupRun run, CleanupItem item) {

    enum Type {
      STARTED,
      PROGRESS,
      ITEM_FAILED,
      FINISHED
    }

    public String runId() {
      return run.id().toString();
    }

    public CleanupRun.State state() {
      return run.state();
    }

    public CleanupRun.Counts counts() {
      return run.counts();
    }

    public int itemCount() {
      return run.items();
    }

    public int pending() {
      return Math.max(0, run.items() - run.counts().finished());
    }
  }

  private final CleanupRepository repository;

  CleanupRunEvents(CleanupRepository repository) {
    this.repository = repository;
  }

  /** The caller's org's run's events; NOT_FOUND (before any event) for a run of no such id. */
  Flux<CleanupRunEvent> events(Caller caller, String runId) {
    String orgId = Caller.require(caller).orgId();
    UUID id = uuid(runId).orElseThrow(() -> notFound(runId));
    CleanupRun first = repository.find(orgId, id).orElseThrow(() -> notFound(runId));
    return Flux.defer(
        () -> {
          Poller poller = new Poller(orgId, id, first);
          return Flux.interval(Duration.ZERO, POLL)
              .onBackpressureDrop()
              .concatMap(
                  tick -> Mono.fromCallable(poller::poll).subscribeOn(Schedulers.boundedElastic()),
                  1)
              .concatMapIterable(events -> events)
              .takeUntil(e -> e.type() == CleanupRunEvent.Type.FINISHED);
        });
  }

  private static ReclaimException notFound(String runId) {
    return new ReclaimException(ErrorCode.NOT_FOUND, "no cleanup run " + runId);
  }

  private static Optional<UUID> uuid(String id) {
    try {
      return Optional.ofNullable(id).map(UUID::fromString);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** One subscriber's view: what it was last told, and how far the item log is known final. */
  private final class Poller {
    private final String orgId;
    private final UUID runId;
    private CleanupRun initial;
    private CleanupRun last;

    /** Every item below this seq is final and, if FAILED, was emitted. */
    private int finalBelow;

    /** FAILED items at or above the watermark already emitted. */
    private final Set<Integer> failedSeen = new HashSet<>();

    private int failedEmitted;

    Poller(String orgId, UUID runId, CleanupRun initial) {
      this.orgId = orgId;
      this.runId = runId;
      this.initial = initial;
    }

    List<CleanupRunEvent> poll() {
      List<CleanupRunEvent> out = new ArrayList<>();
      CleanupRun run;
      if (initial != null) {
        run = initial;
        initial = null;
        out.add(new CleanupRunEvent(CleanupRunEvent.Type.STARTED, run, null));
      } else {
        Optional<CleanupRun> found = repository.find(orgId, runId);
        if (found.isEmpty()) {
          return out;
        }
        run = found.get();
      }
      boolean changed = last == null || !sameProgress(last, run);
      if (changed && run.planned() && failedEmitted < run.counts().failed()) {
        failedItems(run, out);
      }
      if (!run.running()) {
        out.add(new CleanupRunEvent(CleanupRunEvent.Type.FINISHED, run, null));
      } else if (changed && last != null) {
        out.add(new CleanupRunEvent(CleanupRunEvent.Type.PROGRESS, run, null));
      }
      last = run;
      return out;
    }

    private void failedItems(CleanupRun run, List<CleanupRunEvent> out) {
      int from = finalBelow - 1;
      boolean contiguous = true;
      while (from + 1 < run.items()) {
        List<CleanupItem> batch = repository.items(orgId, runId, from, run.items(), ITEM_PAGE);
        if (batch.isEmpty()) {
          break;
        }
        for (CleanupItem i : batch) {
          if (i.outcome() == CleanupItem.Outcome.FAILED && failedSeen.add(i.seq())) {
            failedEmitted++;
            out.add(new CleanupRunEvent(CleanupRunEvent.Type.ITEM_FAILED, run, i));
          }
          contiguous = contiguous && i.outcome().isFinal() && i.seq() == finalBelow;
          if (contiguous) {
            finalBelow = i.seq() + 1;
          }
        }
        from = batch.get(batch.size() - 1).seq();
      }
      // Scans start at the watermark: seqs below it need no remembering.
      failedSeen.removeIf(seq -> seq < finalBelow);
    }

    private boolean sameProgress(CleanupRun a, CleanupRun b) {
      return a.state() == b.state()
          && a.planned() == b.planned()
          && a.items() == b.items()
          && a.counts().equals(b.counts());
    }
  }
}

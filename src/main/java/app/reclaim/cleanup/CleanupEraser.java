package app.reclaim.cleanup;

import app.reclaim.organizations.PersonalDataEraser;
import app.reclaim.organizations.PersonalDataErasure;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Erasure in the cleanup log. Every item of an erased account keeps its run, position, kind,
 * product, group, outcome, reason and upstream status (so run counts, seats and exports' totals
 * stay right) but its account id becomes the erasure's token and its upstream message, which may
 * quote the person, is dropped; other items' messages and runs' rule names and error messages are
 * scrubbed of the erased ids, names and emails, and a run started by an erased admin names the
 * token. Reads the org's run partition, then each kept run's item buckets, paged.
 */
@Component
@Order(30)
class CleanupEraser implements PersonalDataEraser {

  private static final int PAGE = 1000;
  private final CleanupRepository repository;

  CleanupEraser(CleanupRepository repository) {
    this.repository = repository;
  }

  @Override
  public Map<String, Integer> erase(PersonalDataErasure erasure) {
    String orgId = erasure.orgId();
    List<CleanupRun> runs = new ArrayList<>();
    repository.forEachRun(orgId, runs::add);
    int runsChanged = 0;
    int itemsChanged = 0;
    for (CleanupRun run : runs) {
      if (erasure.erases(run.startedBy())
          || erasure.mentions(run.ruleName())
          || erasure.mentions(run.errorMessage())) {
        repository.eraseRun(
            orgId,
            run.id(),
            erasure.token(run.startedBy()),
            erasure.scrub(run.ruleName()),
            erasure.scrub(run.errorMessage()));
        runsChanged++;
      }
      if (run.itemsPurged()) {
        continue;
      }
      List<CleanupItem> changed = new ArrayList<>();
      repository.forEachItem(
          orgId,
          run.id(),
          run.buckets(),
          PAGE,
          i -> {
            if (erasure.erases(i.accountId()) || erasure.mentions(i.message())) {
              changed.add(i);
            }
          });
      for (CleanupItem i : changed) {
        boolean own = erasure.erases(i.accountId());
        repository.eraseItem(
            orgId,
            run.id(),
            i.seq(),
            erasure.token(i.accountId()),
            own ? null : erasure.scrub(i.message()));
      }
      itemsChanged += changed.size();
    }
    return Map.of("cleanupRuns", runsChanged, "cleanupItems", itemsChanged);
  }
}

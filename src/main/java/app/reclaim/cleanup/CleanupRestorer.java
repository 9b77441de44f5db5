package app.reclaim.cleanup;

import app.reclaim.atlassian.AdminApi;
import app.reclaim.atlassian.AdminApiException;
import app.reclaim.directory.DirectoryUser;
import app.reclaim.directory.DirectoryWriter;
import app.reclaim.directory.UserStatus;
import app.reclaim.organizations.OrganizationMovingException;
import app.reclaim.organizations.OrganizationService;
import app.reclaim.rules.PlannedOperation;
import app.reclaim.store.Lease;
import app.reclaim.store.Leases;
import app.reclaim.support.LogPrivacy;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries a RESTORE run to its end: each PENDING item names a change the restored run made
 * (SUSPEND, LEAVE_GROUP) and is undone through the admin API ({@code restore}, {@code addMember}),
 * then reflected in the directory mirror. Both calls are idempotent upstream (an active user stays
 * active, a member stays a member), so a resumed restore simply redoes its unfinished items. One
 * item at a time: restores are rare, small and asked for by a person.
 */
class CleanupRestorer {

  private static final Logger log = LoggerFactory.getLogger(CleanupRestorer.class);
  private static final int SCAN_PAGE = 1000;
  private static final int CHECK_EVERY = 50;

  private final Shutdown shutdown;
  private final AdminApi api;
  private final DirectoryWriter writer;
  private final CleanupRepository repository;
  private final Leases leases;
  private final CleanupProperties properties;
  private final OrganizationService organizations;
  private final LogPrivacy logPrivacy;

  CleanupRestorer(
      AdminApi api,
      DirectoryWriter writer,
      CleanupRepository repository,
      Leases leases,
      CleanupProperties properties,
      OrganizationService organizations,
      LogPrivacy logPrivacy,
      Shutdown shutdown) {
    this.shutdown = shutdown;
    this.organizations = organizations;
    this.api = api;
    this.writer = writer;
    this.repository = repository;
    this.leases = leases;
    this.properties = properties;
    this.logPrivacy = logPrivacy;
  }

  /**
   * Runs the restore to its end (or until its lease is lost); returns the run as last saved. Fenced
   * as runs are: the lease renewed in the background, the item partitions fenced at its epoch, each
   * item claimed IN_FLIGHT and ended only IF the fence is still that epoch, and each request sent
   * only while the lease covers it.
   */
  CleanupRun run(CleanupRun run, Lease lease) {
    try {
      if (!leases.renew(lease)
          || !repository.raiseFence(run.orgId(), run.id(), run.buckets(), lease.epoch())) {
        lease.markLost();
        return lost(run);
      }
      try (Leases.Keeping keeping = leases.keep(lease)) {
        return execute(run, lease);
      }
    } catch (com.datastax.oss.driver.api.core.DriverException e) {
      log.warn(
          "cleanup restore run {} of org {} stopped: Cassandra did not answer ({}); it resumes",
          run.id(),
          run.orgId(),
          e.getClass().getSimpleName());
      return run;
    } catch (OrganizationMovingException e) {
      log.info(
          "cleanup restore run {} of org {} paused: the organization is moving",
          run.id(),
          run.orgId());
      return run;
    } catch (RuntimeException e) {
      log.error(
          "cleanup restore run {} of org {} failed",
          run.id(),
          run.orgId(),
          logPrivacy.exception(run.orgId(), e));
      CleanupRun failed =
          run.finished(CleanupRun.State.FAILED, run.counts(), "INTERNAL", "internal error");
      repository.save(failed);
      return failed;
    }
  }

  private CleanupRun lost(CleanupRun run) {
    log.warn(
        "cleanup restore run {} of org {} lost its lease; another instance continues it",
        run.id(),
        run.orgId());
    return run;
  }

  private CleanupRun execute(CleanupRun run, Lease lease) {
    Tally tally = new Tally(run.counts().matched());
    List<CleanupItem> open = new ArrayList<>();
    int after = -1;
    List<CleanupItem> page;
    do {
      page = repository.items(run.orgId(), run.id(), after, run.items(), SCAN_PAGE);
      for (CleanupItem i : page) {
        if (i.outcome().isFinal()) {
          tally.add(i);
        } else {
          open.add(i);
        }
        after = i.seq();
      }
    } while (page.size() == SCAN_PAGE);
    AdminApi fenced = api.permitted(longest -> lease.awaitValidFor(longest, lease.ttl()));
    WriteTargets targets = new WriteTargets(fenced, run.orgId());
    boolean cancelled = false;
    for (int n = 0; n < open.size(); n++) {
      CleanupItem item = open.get(n);
      if (!cancelled && n % CHECK_EVERY == 0) {
        cancelled =
            repository.find(run.orgId(), run.id()).map(CleanupRun::cancelRequested).orElse(true);
      }
      if (cancelled) {
        CleanupItem end = item.ended(CleanupItem.Outcome.CANCELLED, null, null, null);
        if (!repository.updateFenced(run.orgId(), run.id(), end, lease.epoch())) {
          lease.markLost();
          return lost(run);
        }
        tally.add(end);
        continue;
      }
      if (shutdown.stopping()) {
        log.info(
            "cleanup restore run {} of org {} stopped for shutdown; another instance resumes it",
            run.id(),
            run.orgId());
        leases.release(lease);
        return run;
      }
      if (!organizations.writable(run.orgId())) {
        // Frozen by a residency move: left RUNNING (the caller releases the lease), resumed after.
        log.info(
            "cleanup restore run {} of org {} paused: the organization is moving",
            run.id(),
            run.orgId());
        return run;
      }
      CleanupItem flying = item.inFlight();
      if (!lease.awaitValidFor(java.time.Duration.ZERO, lease.ttl())
          || !repository.updateFenced(run.orgId(), run.id(), flying, lease.epoch())) {
        lease.markLost();
        return lost(run);
      }
      CleanupItem end;
      try {
        end = undo(run.orgId(), flying, targets, fenced);
      } catch (AdminApiException.NotSent e) {
        return lost(run); // IN_FLIGHT: undoing again is harmless (restore and add are idempotent)
      }
      if (!repository.updateFenced(run.orgId(), run.id(), end, lease.epoch())) {
        lease.markLost();
        return lost(run);
      }
      tally.add(end);
      if (end.outcome() == CleanupItem.Outcome.DONE) {
        reflect(run.orgId(), end);
      }
      if (n % CHECK_EVERY == 0) {
        repository.save(run.withProgress(true, run.buckets(), run.items(), tally.counts()));
      }
    }
    if (!lease.validFor(java.time.Duration.ZERO)) {
      return run; // the next holder ends it
    }
    CleanupRun done =
        run.finished(
            cancelled ? CleanupRun.State.CANCELLED : CleanupRun.State.COMPLETED,
            tally.counts(),
            null,
            null);
    // Seats before the final row: a restore is never seen finished without them.
    repository.saveSeats(run.orgId(), run.id(), tally.seats());
    repository.save(done);
    log.info(
        "cleanup restore run {} of org {} (undoing run {}) {}: {} done, {} failed, {} skipped",
        run.id(),
        run.orgId(),
        run.restoresRunId(),
        done.state(),
        done.counts().done(),
        done.counts().failed(),
        done.counts().skipped());
    return done;
  }

  /**
   * Undoes one change in the directories the run made it in (recorded on the item), or, for an item
   * logged before directories were recorded, in those the API names now.
   */
  private CleanupItem undo(String orgId, CleanupItem item, WriteTargets targets, AdminApi api) {
    boolean restore = item.kind() == PlannedOperation.Kind.SUSPEND;
    return ItemCalls.call(
        item,
        ItemCalls.Budget.of(properties),
        () ->
            !item.directories().isEmpty()
                ? item.directories()
                : restore
                    ? targets.ofUser(item.accountId(), "suspended")
                    : targets.ofGroup(item.groupId()),
        directory -> {
          if (restore) {
            api.restore(orgId, directory, item.accountId());
          } else {
            api.addMember(orgId, directory, item.groupId(), item.accountId());
          }
        });
  }

  /**
   * The mirror shows the undone change before the next sync; a failure here leaves it to the sync.
   */
  private void reflect(String orgId, CleanupItem item) {
    try {
      if (item.kind() == PlannedOperation.Kind.SUSPEND) {
        DirectoryUser u = writer.known(orgId, List.of(item.accountId())).get(item.accountId());
        if (u != null && u.status() == UserStatus.SUSPENDED) {
          writer.upsertUsers(
              orgId,
              List.of(
                  new DirectoryUser(
                      u.accountId(),
                      u.name(),
                      u.email(),
                      u.accountType(),
                      UserStatus.ACTIVE,
                      u.managed(),
                      u.orgAdmin(),
                      u.idpSynced(),
                      u.addedToOrg(),
                      u.productAccess(),
                      u.lastActiveByProduct(),
                      u.groupIds())));
        }
      } else {
        writer.addMembers(orgId, item.groupId(), List.of(item.accountId()));
      }
    } catch (RuntimeException e) {
      log.warn(
          "cleanup restore: reflecting item {} ({}) in the mirror of org {} failed: {}",
          item.seq(),
          item.kind(),
          orgId,
          logPrivacy.exception(orgId, e).getMessage());
    }
  }
}

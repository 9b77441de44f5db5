package app.reclaim.organizations;

import app.reclaim.organizations.ResidencyMove.State;
import app.reclaim.store.Lease;
import app.reclaim.store.Leases;
import app.reclaim.store.OrgLeaseNames;
import app.reclaim.store.OrgPartitionCatalog;
import app.reclaim.store.OrgPartitionCatalog.Scope;
import app.reclaim.store.OrgPartitions;
import app.reclaim.store.OrgPartitions.Partition;
import app.reclaim.store.RegionKeyspaces;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Service;

/**
 * Residency moves, as the platform's migration hooks drive them (ADMIN-API.md §3): schedule records
 * the move; start freezes the org (writes refused everywhere, reads served from the source) and
 * copies every partition of it to the target region's keyspace in the background, then verifies the
 * rows per table; status reports in-progress, ready-to-commit or failed; commit points the registry
 * at the target with a compare-and-set on the source region and deletes the source; rollback
 * deletes whatever reached the target and unfreezes the org where it was.
 */
@Service
public class ResidencyMoves implements DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(ResidencyMoves.class);
  static final Pattern MIGRATION_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");
  private static final Set<Scope> REGION = Set.of(Scope.REGION);

  private final OrganizationService organizations;
  private final OrganizationRepository registry;
  private final ResidencyMoveRepository moves;
  private final OrgPartitions partitions;
  private final RegionKeyspaces regions;
  private final OrgQuiescer quiescer;
  private final Leases leases;
  private final OrganizationsProperties properties;

  /** The orgs whose copy runs on this instance now. */
  private final Set<String> copying = java.util.concurrent.ConcurrentHashMap.newKeySet();

  private final ExecutorService copies =
      Executors.newFixedThreadPool(
          2,
          r -> {
            Thread thread = new Thread(r, "residency-move");
            thread.setDaemon(true);
            return thread;
          });

  ResidencyMoves(
      OrganizationService organizations,
      OrganizationRepository registry,
      ResidencyMoveRepository moves,
      OrgPartitions partitions,
      RegionKeyspaces regions,
      OrgQuiescer quiescer,
      Leases leases,
      OrganizationsProperties properties) {
    this.organizations = organizations;
    this.registry = registry;
    this.moves = moves;
    this.partitions = partitions;
    this.regions = regions;
    this.quiescer = quiescer;
    this.leases = leases;
    this.properties = properties;
  }

  /** The schedule hook's body: Forge's {@code {migrationId, location, startTime, endTime}}. */
  public record Schedule(String migrationId, String location, String startTime, String endTime) {}

  /**
   * Records a move of the org to {@code location} (a Forge realm key such as {@code DE}, or a
   * region name). Scheduling the same migration again is idempotent; nothing is frozen yet.
   */
  public ResidencyMove schedule(String orgId, Schedule request) {
    var registration = registration(orgId);
    String migrationId = migrationId(request.migrationId());
    String target = target(request.location());
    Instant windowStart = instant("startTime", request.startTime());
    Instant windowEnd = instant("endTime", request.endTime());
    if (windowStart != null && windowEnd != null && windowEnd.isBefore(windowStart)) {
      throw ResidencyMoveException.invalid("endTime", "endTime must not be before startTime");
    }
    Optional<ResidencyMove> existing = moves.find(orgId, migrationId);
    if (existing.isPresent()) {
      if (existing.get().targetRegion().equals(target)) {
        return existing.get();
      }
      throw ResidencyMoveException.conflict(
          "ALREADY_SCHEDULED",
          "residency move " + migrationId + " is already scheduled, to region " + target);
    }
    if (target.equals(registration.region())) {
      throw ResidencyMoveException.conflict(
          "ALREADY_IN_REGION",
          "organization " + orgId + " is already in region " + target + "; nothing to move");
    }
    Optional<ResidencyMove> other =
        moves.all(orgId).stream().filter(m -> !m.state().finished()).findFirst();
    if (other.isPresent()) {
      throw new ResidencyMoveException(
          409,
          "MOVE_IN_PROGRESS",
          "E0004",
          null,
          "residency move "
              + other.get().migrationId()
              + " of organization "
              + orgId
              + " has not ended; commit or roll it back first");
    }
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    ResidencyMove stored =
        moves.insertIfAbsent(
            new ResidencyMove(
                orgId,
                migrationId,
                registration.region(),
                target,
                State.SCHEDULED,
                windowStart,
                windowEnd,
                null,
                null,
                Map.of(),
                now,
                null,
                null,
                null,
                now));
    log.info(
        "org {}: residency move {} scheduled from {} to {}",
        orgId,
        migrationId,
        stored.sourceRegion(),
        stored.targetRegion());
    return stored;
  }

  /**
   * Freezes the org and starts copying it in the background; idempotent while the copy runs or once
   * it is ready.
   */
  public ResidencyMove start(String orgId, String migrationId) {
    ResidencyMove move = find(orgId, migrationId);
    switch (move.state()) {
      case COPYING, READY -> {
        return move;
      }
      case SCHEDULED -> {}
      default ->
          throw ResidencyMoveException.conflict(
              "NOT_STARTABLE",
              "residency move " + migrationId + " is " + move.state() + "; schedule a new one");
    }
    Lease lease =
        leases
            .acquire(
                OrgLeaseNames.residency(orgId),
                "move-" + UUID.randomUUID(),
                properties.moveLeaseTtl())
            .orElseThrow(
                () ->
                    ResidencyMoveException.conflict(
                        "BUSY", "another residency move of organization " + orgId + " is running"));
    boolean handedOver = false;
    try {
      if (!moves.transition(
          orgId,
          migrationId,
          EnumSet.of(State.SCHEDULED),
          State.COPYING,
          Map.of("started_at", now()))) {
        return find(orgId, migrationId);
      }
      if (!registry.freeze(orgId, migrationId, move.sourceRegion())) {
        fail(move, "organization is not active in region " + move.sourceRegion());
        return find(orgId, migrationId);
      }
      organizations.remember(
          orgId,
          new OrganizationService.Routing(
              move.sourceRegion(), Organization.State.MOVING, migrationId, System.nanoTime()));
      log.info(
          "org {}: residency move {} started, org frozen in {}",
          orgId,
          migrationId,
          move.sourceRegion());
      copying.add(orgId);
      copies.submit(
          () -> {
            try {
              copy(move, lease);
            } finally {
              copying.remove(orgId);
            }
          });
      handedOver = true;
      return find(orgId, migrationId);
    } finally {
      if (!handedOver) {
        leases.release(lease);
      }
    }
  }

  /**
   * The move as it stands. A copy whose instance died (its lease expired while COPYING) is reported
   * failed, so the platform rolls it back rather than waiting forever.
   */
  public ResidencyMove status(String orgId, String migrationId) {
    ResidencyMove move = find(orgId, migrationId);
    if (move.state() == State.COPYING
        && leases.holder(OrgLeaseNames.residency(orgId)).isEmpty()
        && find(orgId, migrationId).state() == State.COPYING) {
      fail(move, "the copy stopped: the instance running it ended; roll back and start again");
      return find(orgId, migrationId);
    }
    return move;
  }

  /**
   * Points the registry at the target (compare-and-set on the source region and this move), then,
   * once every instance's cached registry row has expired, deletes the source. Idempotent.
   */
  public ResidencyMove commit(String orgId, String migrationId) {
    ResidencyMove move = find(orgId, migrationId);
    switch (move.state()) {
      case COMMITTED -> {
        return move;
      }
      case READY, COMMITTING -> {}
      case ROLLING_BACK, ROLLED_BACK ->
          throw ResidencyMoveException.conflict(
              "ROLLED_BACK", "residency move " + migrationId + " was rolled back");
      default ->
          throw ResidencyMoveException.conflict(
              "NOT_READY",
              "residency move "
                  + migrationId
                  + " is "
                  + move.state()
                  + "; commit once its status is ready-to-commit"
                  + (move.state() == State.FAILED ? " (it failed: roll it back)" : ""));
    }
    if (!moves.transition(
        orgId,
        migrationId,
        EnumSet.of(State.READY, State.COMMITTING),
        State.COMMITTING,
        Map.of())) {
      return commit(orgId, migrationId);
    }
    String source = move.sourceRegion();
    String target = move.targetRegion();
    if (!registry.flip(orgId, migrationId, source, target)) {
      var now = registry.findRegistration(orgId);
      boolean alreadyFlipped =
          now.isPresent()
              && now.get().region().equals(target)
              && Organization.State.ACTIVE.name().equals(now.get().state());
      if (!alreadyFlipped) {
        throw ResidencyMoveException.conflict(
            "REGISTRY_CHANGED",
            "organization " + orgId + " is no longer frozen in " + source + " by this move");
      }
    }
    organizations.remember(
        orgId,
        new OrganizationService.Routing(
            target, Organization.State.ACTIVE, null, System.nanoTime()));
    log.info("org {}: residency move {} committed, now served from {}", orgId, migrationId, target);
    // Instances that cached the frozen row still read the source until their entry expires.
    OrgQuiescer.sleep(properties.freezeWait(), () -> {});
    long deleted = 0;
    for (Partition p : partitions.enumerate(orgId, source, REGION)) {
      deleted += partitions.delete(p, source);
    }
    moves.transition(
        orgId,
        migrationId,
        EnumSet.of(State.COMMITTING),
        State.COMMITTED,
        Map.of("finished_at", now()));
    log.info(
        "org {}: residency move {} finished, {} rows deleted from {}",
        orgId,
        migrationId,
        deleted,
        source);
    return find(orgId, migrationId);
  }

  /**
   * Leaves the source authoritative: stops the copy, deletes what reached the target, unfreezes the
   * org. Idempotent; refused once committed.
   */
  public ResidencyMove rollback(String orgId, String migrationId) {
    ResidencyMove move = find(orgId, migrationId);
    switch (move.state()) {
      case ROLLED_BACK -> {
        return move;
      }
      case COMMITTING, COMMITTED ->
          throw ResidencyMoveException.conflict(
              "ALREADY_COMMITTED",
              "residency move "
                  + migrationId
                  + " was committed; the data lives in "
                  + move.targetRegion());
      case SCHEDULED -> {
        if (!moves.transition(
            orgId,
            migrationId,
            EnumSet.of(State.SCHEDULED),
            State.ROLLED_BACK,
            Map.of("finished_at", now()))) {
          return rollback(orgId, migrationId);
        }
        log.info("org {}: residency move {} cancelled before it started", orgId, migrationId);
        return find(orgId, migrationId);
      }
      default -> {}
    }
    Set<State> undoable = EnumSet.of(State.COPYING, State.READY, State.FAILED, State.ROLLING_BACK);
    if (!moves.transition(orgId, migrationId, undoable, State.ROLLING_BACK, Map.of())) {
      return rollback(orgId, migrationId);
    }
    // Taking the copy's lease (a new epoch) fences a copy that was slow: it can no longer renew,
    // and it copies a partition only while its own lease is valid, so nothing it does lands in the
    // target after the target is cleaned here.
    Lease lease = takeCopyLease(orgId);
    try {
      rollBack(move);
    } finally {
      leases.release(lease);
    }
    return find(orgId, migrationId);
  }

  private void rollBack(ResidencyMove move) {
    String orgId = move.orgId();
    String migrationId = move.migrationId();
    long deleted = 0;
    String target = move.targetRegion();
    if (regions.regionsInUse().contains(target)) {
      // What the target holds may be a partial copy: its own rows cannot list every partition
      // (items copied before their run), the source's can.
      Set<Partition> reached = new LinkedHashSet<>(partitions.enumerate(orgId, target, REGION));
      reached.addAll(partitions.enumerate(orgId, move.sourceRegion(), REGION));
      for (Partition p : reached) {
        deleted += partitions.delete(p, target);
      }
    }
    registry.thaw(orgId, migrationId);
    organizations.refresh(orgId);
    moves.transition(
        orgId,
        migrationId,
        EnumSet.of(State.ROLLING_BACK),
        State.ROLLED_BACK,
        Map.of("finished_at", now()));
    log.info(
        "org {}: residency move {} rolled back, {} rows deleted from {}; served from {}",
        orgId,
        migrationId,
        deleted,
        target,
        move.sourceRegion());
  }

  /** Whether a copy of the org runs on this instance now (tests of slow holders). */
  boolean copyingHere(String orgId) {
    return copying.contains(orgId);
  }

  /** The org's move that has not ended, if any (for GraphQL). */
  public Optional<ResidencyMove> inProgress(String orgId) {
    return moves.all(orgId).stream().filter(m -> !m.state().finished()).reduce((a, b) -> b);
  }

  /**
   * Copies the org to the target region under {@code lease}, renewed in the background. Before each
   * partition (and each step of the quiescing and cleaning) the lease must still be valid for a
   * quarter of its life: the time one partition's copy may take. A copy that was slow (its lease
   * lapsed, a rollback took it) stops there instead of writing into a target the rollback cleaned.
   */
  private void copy(ResidencyMove move, Lease lease) {
    String orgId = move.orgId();
    String source = move.sourceRegion();
    String target = move.targetRegion();
    java.time.Duration partitionBound = properties.moveLeaseTtl().minusSeconds(1).dividedBy(4);
    Runnable heartbeat =
        () -> {
          if (!lease.awaitValidFor(partitionBound, lease.ttl())) {
            throw new IllegalStateException("lost the lease " + lease);
          }
        };
    long start = System.nanoTime();
    try (Leases.Keeping keeping = leases.keep(lease)) {
      quiescer.awaitQuiet(orgId, source, Set.of(lease.name()), heartbeat);
      regions.ensure(target);
      // Leftovers of an earlier attempt must not be counted as copied rows.
      for (Partition p : partitions.enumerate(orgId, target, REGION)) {
        heartbeat.run();
        partitions.delete(p, target);
      }
      List<Partition> all = partitions.enumerate(orgId, source, REGION);
      Map<String, Long> copied = zeros();
      long checkedAt = System.nanoTime();
      for (Partition p : all) {
        heartbeat.run();
        if (System.nanoTime() - checkedAt > 1_000_000_000L) {
          if (find(orgId, move.migrationId()).state() != State.COPYING) {
            log.info("org {}: residency move {} copy stopped", orgId, move.migrationId());
            return;
          }
          checkedAt = System.nanoTime();
        }
        copied.merge(p.table().name(), partitions.copy(p, source, target), Long::sum);
      }
      Map<String, Long> inSource = zeros();
      Map<String, Long> inTarget = zeros();
      for (Partition p : all) {
        heartbeat.run();
        inSource.merge(p.table().name(), partitions.count(p, source), Long::sum);
        inTarget.merge(p.table().name(), partitions.count(p, target), Long::sum);
      }
      List<String> differ =
          copied.keySet().stream()
              .filter(
                  t ->
                      !copied.get(t).equals(inSource.get(t))
                          || !inTarget.get(t).equals(inSource.get(t)))
              .map(
                  t ->
                      t + " (" + inSource.get(t) + " in source, " + inTarget.get(t) + " in target)")
              .toList();
      if (!differ.isEmpty()) {
        fail(move, "row counts differ after the copy: " + String.join(", ", differ));
        return;
      }
      moves.transition(
          orgId,
          move.migrationId(),
          EnumSet.of(State.COPYING),
          State.READY,
          Map.of("copied", copied, "ready_at", now()));
      log.info(
          "org {}: residency move {} ready to commit: {} rows in {} partitions copied from {} to"
              + " {} in {} ms",
          orgId,
          move.migrationId(),
          copied.values().stream().mapToLong(Long::longValue).sum(),
          all.size(),
          source,
          target,
          (System.nanoTime() - start) / 1_000_000);
    } catch (OrgQuiescer.NotQuiet e) {
      fail(move, e.getMessage());
    } catch (RuntimeException e) {
      if (lease.lost()) {
        log.warn(
            "org {}: residency move {} copy stopped: its lease lapsed or was taken over",
            orgId,
            move.migrationId());
      } else {
        log.error("org {}: residency move {} copy failed", orgId, move.migrationId(), e);
      }
      fail(
          move,
          "the copy failed ("
              + e.getClass().getSimpleName()
              + "); roll the move back and start it again");
    } finally {
      leases.release(lease);
    }
  }

  /**
   * Takes the org's copy lease once the copy holding it stopped or lapsed (waiting at most the
   * quiesce timeout): a new epoch, so the copy cannot take it back.
   */
  private Lease takeCopyLease(String orgId) {
    String name = OrgLeaseNames.residency(orgId);
    String owner = "rollback-" + UUID.randomUUID();
    long deadline = System.nanoTime() + properties.quiesceTimeout().toNanos();
    while (true) {
      Optional<Lease> taken = leases.acquire(name, owner, properties.moveLeaseTtl());
      if (taken.isPresent()) {
        return taken.get();
      }
      if (System.nanoTime() > deadline) {
        throw new ResidencyMoveException(
            503,
            "BUSY",
            "E9999",
            null,
            "the copy of organization " + orgId + " has not stopped yet; call rollback again");
      }
      OrgQuiescer.sleep(java.time.Duration.ofMillis(100), () -> {});
    }
  }

  private void fail(ResidencyMove move, String message) {
    boolean failed =
        moves.transition(
            move.orgId(),
            move.migrationId(),
            EnumSet.of(State.COPYING),
            State.FAILED,
            Map.of("error_code", "E9999", "error_message", message));
    if (failed) {
      log.warn("org {}: residency move {} failed: {}", move.orgId(), move.migrationId(), message);
    }
  }

  private ResidencyMove find(String orgId, String migrationId) {
    if (migrationId == null || !MIGRATION_ID.matcher(migrationId).matches()) {
      throw ResidencyMoveException.notScheduled(orgId, migrationId);
    }
    return moves
        .find(orgId, migrationId)
        .orElseThrow(() -> ResidencyMoveException.notScheduled(orgId, migrationId));
  }

  private OrganizationRepository.Registration registration(String orgId) {
    Optional<OrganizationRepository.Registration> registration =
        orgId == null || !OrganizationService.ORG_ID.matcher(orgId).matches()
            ? Optional.empty()
            : registry.findRegistration(orgId);
    if (registration.isEmpty()
        || Organization.State.UNINSTALLING.name().equals(registration.get().state())) {
      throw new ResidencyMoveException(
          404, "NOT_INSTALLED", "E9999", "orgId", "organization " + orgId + " is not installed");
    }
    return registration.get();
  }

  private static String migrationId(String migrationId) {
    if (migrationId == null || !MIGRATION_ID.matcher(migrationId).matches()) {
      throw ResidencyMoveException.invalid(
          "migrationId", "migrationId is required: 1-128 letters, digits, '.', '_', ':' or '-'");
    }
    return migrationId;
  }

  /** A Forge realm key ({@code EU}, {@code DE}, ...) or region name, as a configured region. */
  private String target(String location) {
    String region = location == null ? "" : location.strip().toLowerCase(Locale.ROOT);
    if (!regions.allowedRegions().contains(region)) {
      throw new ResidencyMoveException(
          400,
          "UNSUPPORTED_LOCATION",
          "E0002",
          "location",
          "location '"
              + location
              + "' is not a supported region; supported: "
              + String.join(", ", regions.allowedRegions()));
    }
    return region;
  }

  private static Instant instant(String field, String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Instant.parse(value.strip());
    } catch (DateTimeParseException e) {
      throw ResidencyMoveException.invalid(
          field, field + " must be an ISO-8601 instant, e.g. 2026-12-01T02:00:00Z");
    }
  }

  private static Map<String, Long> zeros() {
    Map<String, Long> counts = new LinkedHashMap<>();
    OrgPartitionCatalog.tables(Scope.REGION).forEach(t -> counts.put(t.name(), 0L));
    return counts;
  }

  private static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MILLIS);
  }

  @Override
  public void destroy() {
    copies.shutdownNow();
  }
}

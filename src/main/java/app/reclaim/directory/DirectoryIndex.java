package app.reclaim.directory;

import app.reclaim.organizations.OrganizationRoutingChanged;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The per-org indexes of this instance, bounded in entries across orgs. An index is built from
 * Cassandra on first use; before serving, its org's stored writers are checked (at most once per
 * refresh interval): every instance records its own latest version of the org's directory in its
 * own entry, and an index rebuilds when another instance's entry is not what it was when the index
 * was built. (One shared version let this instance's later write hide another's earlier one.)
 */
@Component
class DirectoryIndex {

  private static final Logger log = LoggerFactory.getLogger(DirectoryIndex.class);

  private final DirectoryRepository repository;
  private final long refreshNanos;
  private final Cache<String, OrgIndex> indexes;
  private final AtomicLong lastVersion = new AtomicLong();
  private final AtomicLong builds = new AtomicLong();

  private final java.util.concurrent.ConcurrentHashMap<
          String, java.util.concurrent.locks.ReentrantReadWriteLock>
      buildLocks = new java.util.concurrent.ConcurrentHashMap<>();

  /** This instance's entry in every org's writers (a new one each start). */
  private final String writerId = java.util.UUID.randomUUID().toString();

  DirectoryIndex(DirectoryRepository repository, DirectoryProperties properties) {
    this.repository = repository;
    this.refreshNanos = properties.refreshInterval().toNanos();
    this.indexes =
        Caffeine.newBuilder()
            .maximumWeight(properties.maxEntries())
            .weigher((String org, OrgIndex index) -> Math.max(1, index.size()))
            .build();
  }

  /** The org's index, current with every write stored before this call's check of writers. */
  OrgIndex get(String orgId) {
    OrgIndex index = indexes.getIfPresent(orgId);
    if (index == null) {
      index = build(orgId, true);
    }
    long now = System.nanoTime();
    if (now - index.checkedAtNanos >= refreshNanos) {
      index.checkedAtNanos = now;
      // This instance's own entry is left out: its writes reach the index directly.
      if (!others(repository.readWriters(orgId)).equals(index.otherWriters())) {
        index = build(orgId, false);
      }
    }
    return index;
  }

  /** This instance's entry in the org's writers (see {@link DirectoryRepository#writeVersion}). */
  String writerId() {
    return writerId;
  }

  private java.util.Map<String, Long> others(java.util.Map<String, Long> writers) {
    if (!writers.containsKey(writerId)) {
      return java.util.Map.copyOf(writers);
    }
    java.util.Map<String, Long> others = new java.util.HashMap<>(writers);
    others.remove(writerId);
    return java.util.Map.copyOf(others);
  }

  /**
   * Drops the org's index when its data moved to another region or was uninstalled: the next use
   * builds it from where the registry points now, and an uninstalled org's users leave memory.
   */
  @EventListener
  void routingChanged(OrganizationRoutingChanged change) {
    indexes.invalidate(change.orgId());
    log.info(
        "directory index of org {} dropped: {}",
        change.orgId(),
        change.removed() ? "uninstalled" : "now in region " + change.region());
  }

  /** The org's index if this instance holds one (writes apply to it), else null. */
  OrgIndex loaded(String orgId) {
    return indexes.getIfPresent(orgId);
  }

  /** Re-weighs an index after writes changed its size. */
  void resized(String orgId, OrgIndex index) {
    if (indexes.getIfPresent(orgId) == index) {
      indexes.put(orgId, index);
    }
  }

  /** A version of this instance's writes: microseconds since the epoch, strictly increasing. */
  long nextVersion() {
    return lastVersion.updateAndGet(last -> Math.max(last + 1, System.currentTimeMillis() * 1000));
  }

  /** A write failed half way: the index may miss it, so it is rebuilt on use. */
  void abandoned(String orgId) {
    indexes.invalidate(orgId);
  }

  long builds() {
    return builds.get();
  }

  /** How many org indexes this instance holds now (after pending evictions). */
  long orgsHeld() {
    indexes.cleanUp();
    return indexes.estimatedSize();
  }

  /**
   * Runs one write (Cassandra rows, the stored version, this index) while no build of the org's
   * index runs: a build therefore sees every row a finished write stored, and a write either lands
   * before a build's load or applies to the index that build installed. Writers never build inside.
   */
  void writing(String orgId, Runnable write) {
    var lock = buildLock(orgId).readLock();
    lock.lock();
    try {
      write.run();
    } finally {
      lock.unlock();
    }
  }

  private java.util.concurrent.locks.ReentrantReadWriteLock buildLock(String orgId) {
    return buildLocks.computeIfAbsent(
        orgId, o -> new java.util.concurrent.locks.ReentrantReadWriteLock());
  }

  /** Builds and installs the org's index with no write in flight (see {@link #writing}). */
  private OrgIndex build(String orgId, boolean onlyIfAbsent) {
    var lock = buildLock(orgId).writeLock();
    lock.lock();
    try {
      OrgIndex present = indexes.getIfPresent(orgId);
      if (onlyIfAbsent && present != null) {
        return present;
      }
      OrgIndex built = load(orgId);
      indexes.put(orgId, built);
      return built;
    } finally {
      lock.unlock();
    }
  }

  private OrgIndex load(String orgId) {
    long start = System.nanoTime();
    // The writers are read before the rows: another instance's write landing during the load
    // changes its entry after this read, so the next check rebuilds.
    java.util.Map<String, Long> writers = repository.readWriters(orgId);
    OrgIndex index = new OrgIndex(writers.getOrDefault(writerId, 0L), others(writers));
    index.putGroups(repository.loadGroups(orgId), index.version());
    // Each page goes into the index as it arrives, while the driver reads and decodes the next.
    java.util.concurrent.atomic.AtomicInteger users =
        new java.util.concurrent.atomic.AtomicInteger();
    repository.loadUsers(
        orgId,
        page -> {
          index.putUsers(page, index.version());
          users.addAndGet(page.size());
        });
    index.checkedAtNanos = System.nanoTime();
    builds.incrementAndGet();
    log.info(
        "directory index of org {} built: {} users, {} groups in {} ms",
        orgId,
        users.get(),
        index.groupCount(),
        (System.nanoTime() - start) / 1_000_000);
    return index;
  }
}

package app.reclaim.directory;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The per-org indexes of this instance, bounded in entries across orgs. An index is built from
 * Cassandra on first use; before serving, its org's stored directory version is checked (at most once
 * per refresh interval) and a version this index has not seen (another instance wrote) rebuilds it.
 */
@Component
class DirectoryIndex {

  private static final Logger log = LoggerFactory.getLogger(DirectoryIndex.class);

  private final DirectoryRepository repository;
  private final long refreshNanos;
  private final Cache<String, OrgIndex> indexes;
  private final AtomicLong lastVersion = new AtomicLong();
  private final AtomicLong builds = new AtomicLong();

  DirectoryIndex(DirectoryRepository repository, DirectoryProperties properties) {
    this.repository = repository;
    this.refreshNanos = properties.refreshInterval().toNanos();
    this.indexes = Caffeine.newBuilder()
        .maximumWeight(properties.maxEntries())
        .weigher((String org, OrgIndex index) -> Math.max(1, index.size()))
        .build();
  }

  /** The org's index, current with every write stored before this call's version check. */
  OrgIndex get(String orgId) {
    OrgIndex index = indexes.get(orgId, this::build);
    long now = System.nanoTime();
    if (now - index.checkedAtNanos >= refreshNanos) {
      index.checkedAtNanos = now;
      if (repository.readVersion(orgId) != index.version()) {
        index = build(orgId);
        indexes.put(orgId, index);
      }
    }
    return index;
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

  /** A version no other write used: microseconds since the epoch, strictly increasing here. */
  long nextVersion() {
    return lastVersion.updateAndGet(last -> Math.max(last + 1, System.currentTimeMillis() * 1000));
  }

  long builds() {
    return builds.get();
  }

  /** How many org indexes this instance holds now (after pending evictions). */
  long orgsHeld() {
    indexes.cleanUp();
    return indexes.estimatedSize();
  }

  private OrgIndex build(String orgId) {
    long start = System.nanoTime();
    // The version is read before the rows: a write landing during the load leaves the stored version
    // ahead of this index's, so the next check rebuilds.
    OrgIndex index = new OrgIndex(repository.readVersion(orgId));
    index.putGroups(repository.loadGroups(orgId), index.version());
    java.util.List<DirectoryUser> users = new java.util.ArrayList<>();
    repository.loadUsers(orgId, users::add);
    index.putUsers(users, index.version());
    index.checkedAtNanos = System.nanoTime();
    builds.incrementAndGet();
    log.info("directory index of org {} built: {} users, {} groups in {} ms", orgId, users.size(),
        index.groupCount(), (System.nanoTime() - start) / 1_000_000);
    return index;
  }
}

package app.reclaim.directory;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The per-org in-memory index: {@code maxEntries} bounds the users plus groups held across all orgs
 * (least recently used orgs are dropped and rebuilt from Cassandra when asked for again), and
 * {@code refreshInterval} is how often an org's stored directory version is checked for writes made
 * by other instances.
 */
@ConfigurationProperties("reclaim.directory.index")
public record DirectoryProperties(long maxEntries, Duration refreshInterval) {

  public DirectoryProperties {
    maxEntries = maxEntries <= 0 ? 2_000_000 : maxEntries;
    refreshInterval = refreshInterval == null ? Duration.ofSeconds(2) : refreshInterval;
  }
}

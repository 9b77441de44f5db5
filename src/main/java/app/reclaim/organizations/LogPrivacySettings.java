package app.reclaim.organizations;

import app.reclaim.support.LogPrivacy;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * {@link LogPrivacy} from each org's {@code endUserDataInLogs} setting, cached per instance: a log
 * line costs a map lookup, and an org's settings are read at most once per {@link #TTL}. This
 * instance's {@code updateSettings} refreshes the entry at once; another instance's change is seen
 * within the TTL. An org whose settings cannot be read (not installed, Cassandra failing) is hidden
 * for a TTL too; a line about no org at all (a platform caller) is shown.
 */
@Component
class LogPrivacySettings implements LogPrivacy {

  static final Duration TTL = Duration.ofSeconds(30);

  private record Entry(boolean shows, long readAtNanos) {}

  // Settings are read lazily: SettingsService needs OrganizationService, which logs through this.
  private final ObjectProvider<SettingsService> settings;
  private final Map<String, Entry> cache = new ConcurrentHashMap<>();

  LogPrivacySettings(ObjectProvider<SettingsService> settings) {
    this.settings = settings;
  }

  @Override
  public boolean shows(String orgId) {
    if (orgId == null) {
      return true;
    }
    Entry entry = cache.get(orgId);
    long now = System.nanoTime();
    if (entry != null && now - entry.readAtNanos() < TTL.toNanos()) {
      return entry.shows();
    }
    boolean shows;
    try {
      shows = settings.getObject().get(orgId).endUserDataInLogs();
    } catch (RuntimeException e) {
      shows = false;
    }
    cache.put(orgId, new Entry(shows, now));
    return shows;
  }

  /** What this instance's settings write just stored. */
  void refresh(String orgId, boolean shows) {
    cache.put(orgId, new Entry(shows, System.nanoTime()));
  }
}

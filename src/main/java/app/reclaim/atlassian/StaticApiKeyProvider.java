package app.reclaim.atlassian;

import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * API keys from {@code reclaim.atlassian.static-keys.<orgId>}: development and tests only, keys in
 * plain configuration. It is the {@link ApiKeyProvider} only while no other exists; the credentials
 * vault's (encrypted, per org) replaces it.
 */
final class StaticApiKeyProvider implements ApiKeyProvider {

  private static final Logger log = LoggerFactory.getLogger(StaticApiKeyProvider.class);

  private final Map<String, String> keys;

  StaticApiKeyProvider(Map<String, String> keys) {
    this.keys = Map.copyOf(keys);
    if (!keys.isEmpty()) {
      log.warn(
          "admin API keys for {} org(s) come from reclaim.atlassian.static-keys: for development "
              + "and tests only",
          keys.size());
    }
  }

  @Override
  public Optional<String> apiKey(String orgId) {
    return Optional.ofNullable(keys.get(orgId));
  }
}

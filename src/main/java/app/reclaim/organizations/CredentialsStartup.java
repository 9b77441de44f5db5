package app.reclaim.organizations;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Brings stored credentials under the active secrets key at every start, so rotating the key is a
 * configuration change and a restart. Rows still under an older key stay readable while that key is
 * configured, so serving requests need not wait for this.
 */
@Component
class CredentialsStartup {

  private static final Logger log = LoggerFactory.getLogger(CredentialsStartup.class);

  private final CredentialsService credentials;

  CredentialsStartup(CredentialsService credentials) {
    this.credentials = credentials;
  }

  @EventListener(ApplicationReadyEvent.class)
  void reencryptUnderTheActiveKey() {
    try {
      credentials.reencryptAll();
    } catch (RuntimeException e) {
      // Listing the registry failed (Cassandra unavailable): serving goes on with the older keys.
      log.warn(
          "re-encryption of stored credentials stopped ({}); it runs again at the next start",
          e.getClass().getSimpleName());
    }
  }
}

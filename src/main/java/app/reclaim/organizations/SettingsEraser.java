package app.reclaim.organizations;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Erasure in org_settings: an erased account among the protected accounts becomes its token, and
 * settings last saved by an erased account name the erasure as their author instead. Saved as a new
 * version with the same compare-and-set as updateSettings, so an admin's concurrent change is never
 * overwritten (the erasure reads again and retries).
 */
@Component
@Order(60)
class SettingsEraser implements PersonalDataEraser {

  private static final int ATTEMPTS = 5;
  private final OrganizationService organizations;
  private final SettingsRepository repository;

  SettingsEraser(OrganizationService organizations, SettingsRepository repository) {
    this.organizations = organizations;
    this.repository = repository;
  }

  @Override
  public Map<String, Integer> erase(PersonalDataErasure erasure) {
    String orgId = erasure.orgId();
    String region = organizations.regionOf(orgId);
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      OrganizationSettings current = repository.find(region, orgId).orElse(null);
      if (current == null
          || current.protectedAccounts().stream().noneMatch(erasure::erases)
              && !erasure.erases(current.updatedBy())) {
        return Map.of("settings", 0);
      }
      Set<String> protectedAccounts = new HashSet<>(erasure.tokens(current.protectedAccounts()));
      OrganizationSettings next =
          new OrganizationSettings(
              current.version(),
              current.activeWithinDays(),
              current.lowUseWithinDays(),
              current.seatPrices(),
              current.currency(),
              protectedAccounts,
              current.protectedGroups(),
              current.dailySyncTime(),
              current.cleanupLogRetentionDays(),
              current.notifications(),
              current.endUserDataInLogs(),
              current.blastRadiusPercent(),
              current.blastRadiusUsers(),
              null,
              null);
      if (repository.compareAndSet(
          region, orgId, current.version(), next, PersonalDataErasure.AUTHOR)) {
        return Map.of("settings", 1);
      }
    }
    throw new IllegalStateException("org settings kept changing during the erasure; retry it");
  }
}

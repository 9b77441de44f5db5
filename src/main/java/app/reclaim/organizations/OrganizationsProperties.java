package app.reclaim.organizations;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The org registry's routing cache and the platform's lifecycle operations.
 *
 * <ul>
 *   <li>{@code registryCacheTtl}: how long an instance trusts its cached registry row of an org
 *       (region, and whether it may be written) before reading it again. Every other instance sees
 *       a residency move's freeze, its commit or an uninstall within this time.
 *   <li>{@code freezeWait}: how long a move or an uninstall waits after freezing an org before it
 *       copies or deletes anything: longer than the cache TTL, so that every instance has read the
 *       freeze, plus time for requests already past the check to finish.
 *   <li>{@code quiesceTimeout}: how long it then waits for the org's running sync and cleanup runs
 *       to pause (their leases to be released) before giving up.
 *   <li>{@code moveLeaseTtl}: the lease a move's copy holds (and renews) while it runs; a copy
 *       whose instance died is reported failed once it expires.
 * </ul>
 */
@ConfigurationProperties("reclaim.organizations")
public record OrganizationsProperties(
    Duration registryCacheTtl,
    Duration freezeWait,
    Duration quiesceTimeout,
    Duration moveLeaseTtl) {

  public OrganizationsProperties {
    registryCacheTtl = registryCacheTtl == null ? Duration.ofSeconds(5) : registryCacheTtl;
    freezeWait = freezeWait == null ? registryCacheTtl.plusSeconds(5) : freezeWait;
    quiesceTimeout = quiesceTimeout == null ? Duration.ofMinutes(2) : quiesceTimeout;
    moveLeaseTtl = moveLeaseTtl == null ? Duration.ofSeconds(30) : moveLeaseTtl;
    if (registryCacheTtl.isNegative() || registryCacheTtl.compareTo(Duration.ofMinutes(5)) > 0) {
      throw new IllegalArgumentException(
          "reclaim.organizations.registry-cache-ttl must be between 0 and 5m");
    }
    if (freezeWait.compareTo(registryCacheTtl) <= 0) {
      throw new IllegalArgumentException(
          "reclaim.organizations.freeze-wait must be longer than registry-cache-ttl ("
              + registryCacheTtl
              + "): every instance must have read a freeze before data moves");
    }
    if (quiesceTimeout.isNegative() || quiesceTimeout.isZero()) {
      throw new IllegalArgumentException("reclaim.organizations.quiesce-timeout must be positive");
    }
    if (moveLeaseTtl.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException(
          "reclaim.organizations.move-lease-ttl must be at least 1s");
    }
  }
}

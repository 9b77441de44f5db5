package app.reclaim.organizations;

import app.reclaim.organizations.UpdateOrganizationPayload.UserError;
import app.reclaim.security.Caller;
import app.reclaim.security.Role;
import app.reclaim.security.SecretCipher;
import app.reclaim.security.SecretCipherException;
import app.reclaim.support.ErrorCode;
import app.reclaim.support.LogPrivacy;
import app.reclaim.support.ReclaimException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Service;

/**
 * Each org's Atlassian admin API key, encrypted at rest with the {@link SecretCipher} and bound to
 * the org, with its expiry and verification status. The plaintext leaves only through {@link
 * #apiKey}, for the admin-API client, decrypted per call and kept nowhere; no status, log line or
 * exception message carries it. The ciphertext is kept in memory for {@link #CIPHERTEXT_TTL} (a
 * sync makes thousands of calls; each would otherwise read the row first), and dropped at once when
 * this instance stores or re-encrypts the key.
 */
@Service
public class CredentialsService {

  private static final Logger log = LoggerFactory.getLogger(CredentialsService.class);
  static final int MAX_API_KEY_LENGTH = 2048;
  static final int MAX_MESSAGE_LENGTH = 300;
  private static final int MAX_ORGS_LISTED = 20;
  private static final List<String> API_KEY = List.of("input", "apiKey");
  private static final List<String> EXPIRES_ON = List.of("input", "expiresOn");
  // A token-like run in an upstream message (a bearer value, a key echoed back) is never stored.
  private static final Pattern BEARER = Pattern.compile("(?i)\\b(bearer\\s+)[A-Za-z0-9._~+/=-]+");
  private static final Pattern TOKEN_LIKE = Pattern.compile("[A-Za-z0-9+/=_-]{40,}");

  /** How long another instance's new key may take to be used here. */
  static final java.time.Duration CIPHERTEXT_TTL = java.time.Duration.ofSeconds(5);

  private final com.github.benmanes.caffeine.cache.Cache<String, Optional<String>> ciphertexts =
      com.github.benmanes.caffeine.cache.Caffeine.newBuilder()
          .maximumSize(10_000)
          .expireAfterWrite(CIPHERTEXT_TTL)
          .build();

  private final OrganizationService organizations;
  private final OrganizationRepository registry;
  private final CredentialsRepository repository;
  private final SecretCipher cipher;
  private final Clock clock;
  private final LogPrivacy logPrivacy;

  @Autowired
  CredentialsService(
      OrganizationService organizations,
      OrganizationRepository registry,
      CredentialsRepository repository,
      SecretCipher cipher,
      LogPrivacy logPrivacy) {
    this(organizations, registry, repository, cipher, Clock.systemUTC(), logPrivacy);
  }

  CredentialsService(
      OrganizationService organizations,
      OrganizationRepository registry,
      CredentialsRepository repository,
      SecretCipher cipher,
      Clock clock) {
    this(organizations, registry, repository, cipher, clock, LogPrivacy.SHOW_ALL);
  }

  private CredentialsService(
      OrganizationService organizations,
      OrganizationRepository registry,
      CredentialsRepository repository,
      SecretCipher cipher,
      Clock clock,
      LogPrivacy logPrivacy) {
    this.organizations = organizations;
    this.registry = registry;
    this.repository = repository;
    this.cipher = cipher;
    this.clock = clock;
    this.logPrivacy = logPrivacy;
  }

  /** What one {@link #reencryptAll} pass did, by org. */
  public record Reencryption(int orgs, int reencrypted, int alreadyCurrent, int failed) {}

  /**
   * {@code setApiCredentials} for the caller's org (ADMIN only): invalid input comes back as user
   * errors and leaves the stored key as it was.
   */
  public SetApiCredentialsPayload setApiCredentials(Caller caller, SetApiCredentialsInput input) {
    caller.requireRole(Role.ADMIN);
    Organization org = organizations.current(caller);
    try {
      CredentialsStatus status = store(org.id(), input.apiKey(), input.expiresOn());
      log.info(
          "org {}: API credentials set by account {}, expiring on {}",
          org.id(),
          logPrivacy.id(org.id(), caller.accountId()),
          input.expiresOn());
      return new SetApiCredentialsPayload(status, List.of());
    } catch (InvalidCredentialsException e) {
      return new SetApiCredentialsPayload(null, e.userErrors());
    }
  }

  /**
   * Stores an org's API key, replacing any earlier one (which starts unverified again).
   *
   * @throws InvalidCredentialsException when the key or date is invalid; nothing is written then
   */
  public CredentialsStatus set(String orgId, String apiKey, LocalDate expiresOn) {
    CredentialsStatus status = store(orgId, apiKey, expiresOn);
    log.info("org {}: API credentials set, expiring on {}", orgId, expiresOn);
    return status;
  }

  /** The org's credentials status; never the key. */
  public CredentialsStatus status(String orgId) {
    return repository
        .find(organizations.regionOf(orgId), orgId)
        .map(this::status)
        .orElse(CredentialsStatus.NOT_CONFIGURED);
  }

  /**
   * The org's API key in plaintext, for the admin-API client only: decrypted on every call, never
   * cached. Empty when none is set.
   *
   * @throws SecretCipherException when the stored key cannot be decrypted (its key id is not
   *     configured, or the row was altered)
   */
  public Optional<String> apiKey(String orgId) {
    return ciphertexts
        .get(
            orgId,
            org ->
                repository
                    .find(organizations.regionOf(org), org)
                    .map(CredentialsRepository.Stored::ciphertext))
        .map(ciphertext -> cipher.decrypt(ciphertext, context(orgId)));
  }

  /**
   * Records a check of the org's key against the API. {@code message} is cut to a short,
   * single-line reason with anything key-like removed.
   *
   * @throws ReclaimException NOT_FOUND when the org has no credentials to verify
   */
  public CredentialsStatus recordVerification(
      String orgId, boolean ok, String message, Instant at) {
    String region = organizations.regionOf(orgId);
    var stored =
        repository
            .find(region, orgId)
            .orElseThrow(
                () ->
                    new ReclaimException(
                        ErrorCode.NOT_FOUND, "no API credentials are set for " + orgId));
    organizations.requireWritable(orgId);
    String safe = safeMessage(message, plaintextOrNull(orgId, stored.ciphertext()));
    Instant when = at.truncatedTo(ChronoUnit.MILLIS);
    repository.recordVerification(region, orgId, ok, safe, when);
    log.info("org {}: API credentials verification {}", orgId, ok ? "succeeded" : "failed");
    return status(repository.find(region, orgId).orElse(stored));
  }

  /**
   * Re-encrypts every org's credentials that are not under the active key: the orgs come from the
   * control registry, each org's row is read by key from its region keyspace (no region is
   * scanned). Idempotent; a key set meanwhile is left alone. Runs at every start; logs counts and
   * the ids of orgs it could not re-encrypt, never a key.
   */
  public Reencryption reencryptAll() {
    String active = cipher.activeKeyId();
    Map<Outcome, Integer> outcomes = new EnumMap<>(Outcome.class);
    Map<String, List<String>> failures = new TreeMap<>();
    registry.forEachRegistration(
        registration -> {
          String orgId = registration.orgId();
          if (!Organization.State.ACTIVE.name().equals(registration.state())) {
            // Frozen by a residency move or being uninstalled: the next start re-encrypts it.
            failures.computeIfAbsent("not active", k -> new ArrayList<>()).add(orgId);
            return;
          }
          try {
            outcomes.merge(reencrypt(registration.region(), orgId, active), 1, Integer::sum);
          } catch (SecretCipherException e) {
            failures.computeIfAbsent(e.getMessage(), k -> new ArrayList<>()).add(orgId);
          } catch (RuntimeException e) {
            failures
                .computeIfAbsent(e.getClass().getSimpleName(), k -> new ArrayList<>())
                .add(orgId);
          }
        });
    int failed = failures.values().stream().mapToInt(List::size).sum();
    var result =
        new Reencryption(
            outcomes.values().stream().mapToInt(Integer::intValue).sum() + failed,
            outcomes.getOrDefault(Outcome.REENCRYPTED, 0),
            outcomes.getOrDefault(Outcome.CURRENT, 0),
            failed);
    failures.forEach(
        (reason, orgs) ->
            log.warn(
                "credentials of {} orgs not re-encrypted: {} (orgs: {})",
                orgs.size(),
                reason,
                listed(orgs)));
    // One line per pass, also when there was nothing to do: operators rotating a key wait for
    // "0 re-encrypted ... 0 failed" before they remove the old one.
    log.info(
        "credentials re-encrypted under key {}: {} re-encrypted, {} already current, {} failed"
            + " ({} orgs)",
        active,
        result.reencrypted(),
        result.alreadyCurrent(),
        failed,
        result.orgs());
    return result;
  }

  private enum Outcome {
    REENCRYPTED,
    CURRENT,
    NOTHING_STORED
  }

  private Outcome reencrypt(String region, String orgId, String active) {
    var found = repository.find(region, orgId);
    if (found.isEmpty()) {
      return Outcome.NOTHING_STORED;
    }
    var stored = found.get();
    if (active.equals(stored.keyId()) && active.equals(SecretCipher.keyIdOf(stored.ciphertext()))) {
      return Outcome.CURRENT;
    }
    String plaintext = cipher.decrypt(stored.ciphertext(), context(orgId));
    String again = cipher.encrypt(plaintext, context(orgId));
    // A lost compare-and-set means an admin set a new key meanwhile, under the active key already.
    boolean replaced =
        repository.replaceCiphertext(region, orgId, stored.ciphertext(), again, active);
    ciphertexts.invalidate(orgId);
    return replaced ? Outcome.REENCRYPTED : Outcome.CURRENT;
  }

  private CredentialsStatus store(String orgId, String apiKey, LocalDate expiresOn) {
    List<UserError> errors = validate(apiKey, expiresOn, today());
    if (!errors.isEmpty()) {
      throw new InvalidCredentialsException(errors);
    }
    organizations.requireWritable(orgId);
    String region = organizations.regionOf(orgId);
    repository.save(
        region,
        orgId,
        cipher.encrypt(apiKey, context(orgId)),
        cipher.activeKeyId(),
        expiresOn,
        clock.instant().truncatedTo(ChronoUnit.MILLIS));
    ciphertexts.invalidate(orgId);
    return new CredentialsStatus(true, null, expiresOn, daysUntil(expiresOn), null);
  }

  /**
   * Atlassian keys are printable ASCII and last at most a year. Dates are compared with today in
   * UTC, with a day's leeway either way, so a key created "today" anywhere on Earth is accepted.
   */
  static List<UserError> validate(String apiKey, LocalDate expiresOn, LocalDate today) {
    List<UserError> errors = new ArrayList<>();
    if (apiKey == null || apiKey.isBlank()) {
      errors.add(new UserError(API_KEY, "apiKey must not be blank", "BLANK"));
    } else if (apiKey.length() > MAX_API_KEY_LENGTH) {
      errors.add(
          new UserError(
              API_KEY, "apiKey must be at most " + MAX_API_KEY_LENGTH + " characters", "TOO_LONG"));
    } else if (!apiKey.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      errors.add(
          new UserError(
              API_KEY,
              "apiKey must be printable ASCII without spaces or line breaks"
                  + " (check the copied value)",
              "INVALID_CHARACTERS"));
    }
    if (expiresOn == null) {
      errors.add(new UserError(EXPIRES_ON, "expiresOn is required", "REQUIRED"));
    } else if (expiresOn.isBefore(today.minusDays(1))) {
      errors.add(
          new UserError(
              EXPIRES_ON,
              "expiresOn is in the past: the key has expired; create a" + " new one",
              "IN_THE_PAST"));
    } else if (expiresOn.isAfter(today.plusYears(1).plusDays(1))) {
      errors.add(
          new UserError(
              EXPIRES_ON,
              "expiresOn must be at most one year ahead: Atlassian API"
                  + " keys last at most a year",
              "TOO_FAR_AHEAD"));
    }
    return errors;
  }

  static String safeMessage(String message, String apiKey) {
    if (message == null) {
      return null;
    }
    String safe = message;
    if (apiKey != null && !apiKey.isEmpty()) {
      safe = safe.replace(apiKey, "[redacted]");
    }
    safe = safe.replaceAll("\\p{Cntrl}", " ");
    safe = BEARER.matcher(safe).replaceAll("$1[redacted]");
    safe = TOKEN_LIKE.matcher(safe).replaceAll("[redacted]").strip();
    if (safe.length() > MAX_MESSAGE_LENGTH) {
      safe = safe.substring(0, MAX_MESSAGE_LENGTH - 3) + "...";
    }
    return safe.isEmpty() ? null : safe;
  }

  private String plaintextOrNull(String orgId, String ciphertext) {
    try {
      return cipher.decrypt(ciphertext, context(orgId));
    } catch (SecretCipherException e) {
      return null; // an unreadable key was not sent upstream, so no message can echo it
    }
  }

  private CredentialsStatus status(CredentialsRepository.Stored stored) {
    var last =
        stored.lastVerifiedAt() == null
            ? null
            : new CredentialsStatus.Verification(
                Boolean.TRUE.equals(stored.lastVerificationOk()),
                stored.lastVerificationMessage(),
                stored.lastVerifiedAt());
    return new CredentialsStatus(
        true, stored.verifiedAt(), stored.expiresOn(), daysUntil(stored.expiresOn()), last);
  }

  private Integer daysUntil(LocalDate date) {
    return date == null ? null : Math.toIntExact(ChronoUnit.DAYS.between(today(), date));
  }

  private LocalDate today() {
    return LocalDate.now(clock.withZone(ZoneOffset.UTC));
  }

  private static String listed(List<String> orgIds) {
    return orgIds.size() <= MAX_ORGS_LISTED
        ? String.join(", ", orgIds)
        : String.join(", ", orgIds.subList(0, MAX_ORGS_LISTED)) + ", ...";
  }

  /** Binds a ciphertext to its org: copied into another org's row, it does not decrypt. */
  private static String context(String orgId) {
    return "credentials/" + orgId;
  }
}

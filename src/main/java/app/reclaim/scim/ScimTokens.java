package app.reclaim.scim;

import app.reclaim.organizations.OrganizationService;
import app.reclaim.scim.ScimTokenPayloads.CreateScimTokenPayload;
import app.reclaim.scim.ScimTokenPayloads.RevokeScimTokenPayload;
import app.reclaim.security.Caller;
import app.reclaim.security.Role;
import app.reclaim.support.LogPrivacy;
import app.reclaim.support.ReclaimException;
import app.reclaim.support.UserError;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Per-org SCIM bearer tokens: 256 random bits behind a recognisable prefix, shown once, stored only
 * as their SHA-256 (a salted slow hash buys nothing for a secret with 256 bits of entropy, and
 * authentication stays one key read).
 */
@Service
public class ScimTokens {

  private static final Logger log = LoggerFactory.getLogger(ScimTokens.class);
  static final String PREFIX = "rscim_";
  static final int MAX_LABEL_LENGTH = 100;
  static final int MAX_TOKENS_PER_ORG = 20;
  // last_used_at is for people: one write per token per minute is plenty.
  private static final Duration TOUCH_INTERVAL = Duration.ofMinutes(1);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final OrganizationService organizations;
  private final ScimTokenRepository repository;
  private final Clock clock = Clock.systemUTC();
  private final Map<String, Instant> lastTouched = new ConcurrentHashMap<>();
  private final LogPrivacy logPrivacy;

  ScimTokens(
      OrganizationService organizations, ScimTokenRepository repository, LogPrivacy logPrivacy) {
    this.organizations = organizations;
    this.repository = repository;
    this.logPrivacy = logPrivacy;
  }

  public CreateScimTokenPayload create(Caller caller, String rawLabel) {
    caller.requireRole(Role.ADMIN);
    String orgId = organizations.current(caller).id();
    String label = rawLabel == null ? "" : rawLabel.strip();
    if (label.isEmpty()) {
      return rejected(UserError.of("BLANK", "label must not be blank", "input", "label"));
    }
    if (label.length() > MAX_LABEL_LENGTH) {
      return rejected(
          UserError.of(
              "TOO_LONG",
              "label must be at most " + MAX_LABEL_LENGTH + " characters",
              "input",
              "label"));
    }
    organizations.requireWritable(orgId);
    String region = organizations.regionOf(orgId);
    if (repository.list(region, orgId).size() >= MAX_TOKENS_PER_ORG) {
      return rejected(
          UserError.of(
              "LIMIT_REACHED",
              "an organization holds at most "
                  + MAX_TOKENS_PER_ORG
                  + " SCIM tokens: revoke one first",
              "input",
              "label"));
    }
    byte[] secretBytes = new byte[32];
    RANDOM.nextBytes(secretBytes);
    String secret = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secretBytes);
    String id = UUID.randomUUID().toString();
    Instant now = clock.instant();
    repository.save(region, orgId, id, hash(secret), label, now);
    log.info(
        "org {}: SCIM token {} created by account {}",
        orgId,
        id,
        logPrivacy.id(orgId, caller.accountId()));
    return new CreateScimTokenPayload(new ScimToken(id, label, now, null), secret, List.of());
  }

  public List<ScimToken> list(Caller caller) {
    caller.requireRole(Role.ADMIN);
    String orgId = organizations.current(caller).id();
    return repository.list(organizations.regionOf(orgId), orgId).stream()
        .map(t -> new ScimToken(t.id(), t.label(), t.createdAt(), t.lastUsedAt()))
        .sorted(Comparator.comparing(ScimToken::createdAt).thenComparing(ScimToken::id))
        .toList();
  }

  public RevokeScimTokenPayload revoke(Caller caller, String tokenId) {
    caller.requireRole(Role.ADMIN);
    String orgId = organizations.current(caller).id();
    String region = organizations.regionOf(orgId);
    Optional<ScimTokenRepository.Listed> token =
        repository.list(region, orgId).stream().filter(t -> t.id().equals(tokenId)).findFirst();
    if (token.isEmpty()) {
      return new RevokeScimTokenPayload(
          null, List.of(UserError.of("NOT_FOUND", "no SCIM token with this id", "input", "id")));
    }
    organizations.requireWritable(orgId);
    repository.delete(region, orgId, token.get());
    log.info(
        "org {}: SCIM token {} revoked by account {}",
        orgId,
        tokenId,
        logPrivacy.id(orgId, caller.accountId()));
    return new RevokeScimTokenPayload(tokenId, List.of());
  }

  /** The client a bearer secret belongs to, or empty; the secret is never logged. */
  Optional<ScimClient> authenticate(String secret) {
    if (secret == null || !secret.startsWith(PREFIX) || secret.length() > 200) {
      return Optional.empty();
    }
    return repository
        .resolve(hash(secret))
        .map(
            r -> {
              touch(r);
              return new ScimClient(r.orgId(), r.tokenId(), r.label());
            });
  }

  /**
   * Why the org's data may not be written now (a residency move or an uninstall in progress), or
   * empty when it may.
   */
  Optional<String> writeRefusal(String orgId) {
    try {
      organizations.requireWritable(orgId);
      return Optional.empty();
    } catch (ReclaimException e) {
      return Optional.of(e.getMessage());
    }
  }

  private void touch(ScimTokenRepository.Resolved token) {
    if (!organizations.writable(token.orgId())) {
      return; // last_used_at is a write; a frozen org's rows stay as they are
    }
    Instant now = clock.instant();
    Instant previous = lastTouched.get(token.tokenId());
    if (previous == null || previous.plus(TOUCH_INTERVAL).isBefore(now)) {
      lastTouched.put(token.tokenId(), now);
      repository.touch(organizations.regionOf(token.orgId()), token.orgId(), token.tokenId(), now);
    }
  }

  private static CreateScimTokenPayload rejected(UserError error) {
    return new CreateScimTokenPayload(null, null, List.of(error));
  }

  static String hash(String secret) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

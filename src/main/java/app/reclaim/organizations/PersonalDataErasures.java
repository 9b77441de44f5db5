package app.reclaim.organizations;

import app.reclaim.support.ErrorCode;
import app.reclaim.support.ReclaimException;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

/**
 * Personal-data erasure of accounts the platform reports closed: every module's {@link
 * PersonalDataEraser} erases what it stores about them (see there for what is deleted and what is
 * replaced by a token). Idempotent: a second erasure of the same accounts changes nothing and
 * answers the same shape with zeros. Bounded to {@link #MAX_ACCOUNTS} accounts per request.
 */
@Service
public class PersonalDataErasures {

  private static final Logger log = LoggerFactory.getLogger(PersonalDataErasures.class);
  static final int MAX_ACCOUNTS = 1000;
  static final Pattern ACCOUNT_ID = Pattern.compile("[A-Za-z0-9:_.@-]{1,128}");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final OrganizationService organizations;
  private final ObjectProvider<PersonalDataEraser> erasers;

  PersonalDataErasures(
      OrganizationService organizations, ObjectProvider<PersonalDataEraser> erasers) {
    this.organizations = organizations;
    this.erasers = erasers;
  }

  /** What one erasure did: the accounts asked for (duplicates once) and the counts per kind. */
  public record Result(String orgId, int accounts, Map<String, Integer> erased) {}

  public Result erase(String orgId, List<String> accountIds) {
    Set<String> ids = validate(orgId, accountIds);
    long started = System.nanoTime();
    if (organizations.find(orgId).isEmpty()) {
      throw new ReclaimException(
          ErrorCode.NOT_FOUND, "organization " + orgId + " is not installed");
    }
    Map<String, String> tokens = new LinkedHashMap<>();
    ids.forEach(id -> tokens.put(id, newToken()));
    // Names and emails first, from every module, before any of them is erased anywhere.
    Set<String> texts = new HashSet<>();
    erasers
        .orderedStream()
        .forEach(
            e ->
                e.identifyingText(orgId, ids).stream()
                    .filter(PersonalDataErasure::identifying)
                    .map(String::strip)
                    .forEach(texts::add));
    PersonalDataErasure erasure = new PersonalDataErasure(orgId, tokens, texts);
    Map<String, Integer> counts = new TreeMap<>();
    erasers
        .orderedStream()
        .forEach(e -> e.erase(erasure).forEach((kind, n) -> counts.merge(kind, n, Integer::sum)));
    log.info(
        "org {}: personal data of {} closed accounts erased in {} ms: {}",
        orgId,
        ids.size(),
        (System.nanoTime() - started) / 1_000_000,
        counts);
    return new Result(orgId, ids.size(), counts);
  }

  private static Set<String> validate(String orgId, List<String> accountIds) {
    if (orgId == null || orgId.isBlank()) {
      throw new InvalidErasureException("orgId", "REQUIRED", "orgId is required");
    }
    if (!OrganizationService.ORG_ID.matcher(orgId).matches()) {
      throw new InvalidErasureException("orgId", "INVALID", "orgId is not an organization id");
    }
    if (accountIds == null || accountIds.isEmpty()) {
      throw new InvalidErasureException(
          "accountIds", "REQUIRED", "accountIds must list 1 to " + MAX_ACCOUNTS + " account ids");
    }
    if (accountIds.size() > MAX_ACCOUNTS) {
      throw new InvalidErasureException(
          "accountIds",
          "TOO_MANY",
          "at most "
              + MAX_ACCOUNTS
              + " account ids per request (got "
              + accountIds.size()
              + "); split them over several requests");
    }
    Set<String> ids = new LinkedHashSet<>();
    for (int i = 0; i < accountIds.size(); i++) {
      String id = accountIds.get(i);
      if (id == null || !ACCOUNT_ID.matcher(id).matches()) {
        throw new InvalidErasureException(
            "accountIds[" + i + "]",
            "INVALID_ID",
            "not an account id: 1-128 letters, digits or : _ . @ -");
      }
      ids.add(id);
    }
    return ids;
  }

  private static String newToken() {
    byte[] bytes = new byte[12];
    RANDOM.nextBytes(bytes);
    return "erased-" + HexFormat.of().formatHex(bytes);
  }
}

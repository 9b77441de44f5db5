package app.reclaim.rules;

import app.reclaim.directory.DirectoryService;
import app.reclaim.directory.Page;
import app.reclaim.organizations.OrganizationProfiles;
import app.reclaim.organizations.OrganizationSettings;
import app.reclaim.organizations.SettingsService;
import app.reclaim.security.Caller;
import app.reclaim.security.Role;
import app.reclaim.support.Cursors;
import app.reclaim.support.ErrorCode;
import app.reclaim.support.LogPrivacy;
import app.reclaim.support.ReclaimException;
import app.reclaim.support.UserError;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Cleanup rules of the caller's org: read (VIEWER), create, update and delete (ADMIN; invalid input
 * is {@code userErrors}, nothing written), and preview. Deletion is soft: the rule disappears from
 * every read, its versions stay for the runs that recorded them.
 */
@Service
public class RuleService {

  private static final Logger log = LoggerFactory.getLogger(RuleService.class);
  static final int MAX_RULES_PER_ORG = 200;
  static final int DEFAULT_PAGE_SIZE = 20;
  static final int MAX_PAGE_SIZE = 100;
  static final String CURSOR_KIND = "rule";

  private final RuleRepository repository;
  private final DirectoryService directory;
  private final OrganizationProfiles profiles;
  private final RulesProperties properties;
  private final Clock clock;
  private final SettingsService settings;
  private final LogPrivacy logPrivacy;

  RuleService(
      RuleRepository repository,
      DirectoryService directory,
      OrganizationProfiles profiles,
      RulesProperties properties,
      Clock clock,
      SettingsService settings,
      LogPrivacy logPrivacy) {
    this.settings = settings;
    this.logPrivacy = logPrivacy;
    this.repository = repository;
    this.directory = directory;
    this.profiles = profiles;
    this.properties = properties;
    this.clock = clock;
  }

  public RulePreview.Connection<Rule> rules(Caller caller, Integer first, String after) {
    String orgId = Caller.require(caller).orgId();
    int size = pageSize(first);
    String afterId = after == null ? null : Cursors.decode(after, CURSOR_KIND, 1).get(0);
    List<Rule> all = new ArrayList<>(repository.all(orgId));
    all.sort(java.util.Comparator.comparing(Rule::id, ORDER));
    if (afterId != null && uuid(afterId).isEmpty()) {
      throw Cursors.invalid("malformed cursor");
    }
    List<RulePreview.Edge<Rule>> edges = new ArrayList<>();
    boolean more = false;
    boolean previous = false;
    for (Rule r : all) {
      if (afterId != null && !passed(r.id(), afterId)) {
        previous = true;
        continue;
      }
      if (edges.size() == size) {
        more = true;
        break;
      }
      edges.add(new RulePreview.Edge<>(Cursors.encode(CURSOR_KIND, r.id()), r));
    }
    return new RulePreview.Connection<>(
        edges,
        new Page.PageInfo(
            more,
            previous,
            edges.isEmpty() ? null : edges.get(0).cursor(),
            edges.isEmpty() ? null : edges.get(edges.size() - 1).cursor()),
        all.size());
  }

  public Optional<Rule> rule(Caller caller, String id) {
    String orgId = Caller.require(caller).orgId();
    return uuid(id).flatMap(u -> repository.find(orgId, u));
  }

  public RulePayload create(Caller caller, RuleDefinition input) {
    Caller c = Caller.require(caller).requireRole(Role.ADMIN);
    RuleDefinition rule = normalized(input);
    List<UserError> errors = validate(c, rule, List.of("input", "rule"));
    List<Rule> existing = repository.all(c.orgId());
    if (existing.size() >= MAX_RULES_PER_ORG) {
      errors =
          plus(
              errors,
              UserError.of(
                  "TOO_MANY_RULES",
                  "an organization has at most " + MAX_RULES_PER_ORG + " rules",
                  "input"));
    }
    errors = plus(errors, duplicate(existing, rule, null));
    if (!errors.isEmpty()) {
      return RulePayload.rejected(errors);
    }
    Rule saved = repository.create(c.orgId(), Uuids.timeBased(), rule, now(), c.accountId());
    log.info(
        "rule {} created in org {} by account {}",
        saved.id(),
        c.orgId(),
        logPrivacy.id(c.orgId(), c.accountId()));
    return new RulePayload(saved, List.of());
  }

  public RulePayload update(Caller caller, String id, int expectedVersion, RuleDefinition input) {
    Caller c = Caller.require(caller).requireRole(Role.ADMIN);
    Optional<Rule> current = rule(c, id);
    if (current.isEmpty()) {
      return RulePayload.rejected(
          List.of(UserError.of("NOT_FOUND", "no rule " + id, "input", "id")));
    }
    RuleDefinition rule = normalized(input);
    List<UserError> errors = validate(c, rule, List.of("input", "rule"));
    errors = plus(errors, duplicate(repository.all(c.orgId()), rule, current.get().id()));
    if (current.get().version() != expectedVersion) {
      errors = plus(errors, stale(current.get().version(), expectedVersion));
    }
    if (!errors.isEmpty()) {
      return RulePayload.rejected(errors);
    }
    Instant now = now();
    if (!repository.update(
        c.orgId(),
        UUID.fromString(current.get().id()),
        expectedVersion,
        rule,
        now,
        c.accountId())) {
      int latest = rule(c, id).map(Rule::version).orElse(expectedVersion + 1);
      return RulePayload.rejected(List.of(stale(latest, expectedVersion)));
    }
    log.info(
        "rule {} of org {} updated to version {} by account {}",
        id,
        c.orgId(),
        expectedVersion + 1,
        logPrivacy.id(c.orgId(), c.accountId()));
    return new RulePayload(
        Rule.of(
            current.get().id(),
            expectedVersion + 1,
            rule,
            current.get().createdAt(),
            now,
            c.accountId()),
        List.of());
  }

  /** The result of deleteRule: the id of the deleted rule, or null with what to fix. */
  public record DeleteRulePayload(String deletedRuleId, List<UserError> userErrors) {}

  public DeleteRulePayload delete(Caller caller, String id) {
    Caller c = Caller.require(caller).requireRole(Role.ADMIN);
    Optional<UUID> uuid = uuid(id);
    if (uuid.isEmpty() || !repository.delete(c.orgId(), uuid.get(), now(), c.accountId())) {
      return new DeleteRulePayload(
          null, List.of(UserError.of("NOT_FOUND", "no rule " + id, "input", "id")));
    }
    log.info(
        "rule {} of org {} deleted by account {}",
        id,
        c.orgId(),
        logPrivacy.id(c.orgId(), c.accountId()));
    return new DeleteRulePayload(id, List.of());
  }

  /** The result of previewRule: the preview, or null with what to fix in the input. */
  public record PreviewRulePayload(RulePreview preview, List<UserError> userErrors) {}

  /**
   * Previews a saved rule ({@code ruleId}) or an unsaved one ({@code rule}): exactly one of them.
   */
  public PreviewRulePayload preview(
      Caller caller, String ruleId, RuleDefinition unsaved, Integer first, String after) {
    Caller c = Caller.require(caller);
    int size = pageSize(first);
    if ((ruleId == null) == (unsaved == null)) {
      return new PreviewRulePayload(
          null,
          List.of(UserError.of("INVALID_INPUT", "give exactly one of ruleId and rule", "input")));
    }
    RuleDefinition rule;
    Integer version = null;
    if (ruleId != null) {
      Optional<Rule> saved = rule(c, ruleId);
      if (saved.isEmpty()) {
        return new PreviewRulePayload(
            null, List.of(UserError.of("NOT_FOUND", "no rule " + ruleId, "input", "ruleId")));
      }
      rule = saved.get().definition();
      version = saved.get().version();
    } else {
      rule = normalized(unsaved);
      List<UserError> errors = validate(c, rule, List.of("input", "rule"));
      if (!errors.isEmpty()) {
        return new PreviewRulePayload(null, errors);
      }
    }
    OrganizationSettings orgSettings = settings.get(c.orgId());
    return new PreviewRulePayload(
        Previewer.preview(
            version,
            rule,
            directory.snapshot(c),
            now(),
            Protections.of(orgSettings),
            prices(orgSettings),
            size,
            after),
        List.of());
  }

  /**
   * How many users of the caller's directory each of these saved rules would match now (as its
   * preview's {@code totals.matched}, protections from the settings included), by rule id; ids of
   * rules that do not exist (or were deleted) are absent. One read of the org's rules, one pass
   * over the directory snapshot for all of them.
   */
  public java.util.Map<String, Integer> matchingUsers(
      Caller caller, java.util.Collection<String> ruleIds) {
    Caller c = Caller.require(caller);
    java.util.Set<String> wanted = java.util.Set.copyOf(ruleIds);
    List<Rule> found =
        wanted.isEmpty()
            ? List.of()
            : repository.all(c.orgId()).stream().filter(r -> wanted.contains(r.id())).toList();
    if (found.isEmpty()) {
      return java.util.Map.of();
    }
    OrganizationSettings orgSettings = settings.get(c.orgId());
    List<RuleDefinition> definitions = found.stream().map(Rule::definition).toList();
    int[] counts =
        RuleEvaluator.countMatches(
            definitions, directory.snapshot(c), now(), Protections.of(orgSettings));
    java.util.Map<String, Integer> out = new java.util.HashMap<>();
    for (int i = 0; i < found.size(); i++) {
      out.put(found.get(i).id(), counts[i]);
    }
    return out;
  }

  private List<UserError> validate(Caller c, RuleDefinition rule, List<String> prefix) {
    return RuleValidator.validate(
        rule, prefix, profiles.get(c.orgId()).products(), id -> directory.group(c, id));
  }

  private static List<UserError> duplicate(List<Rule> existing, RuleDefinition rule, String self) {
    String name = rule.name() == null ? "" : rule.name().toLowerCase(Locale.ROOT);
    boolean taken =
        existing.stream()
            .anyMatch(r -> !r.id().equals(self) && r.name().toLowerCase(Locale.ROOT).equals(name));
    return taken
        ? List.of(
            UserError.of(
                "DUPLICATE_NAME",
                "another rule of this organization is named '" + rule.name() + "'",
                "input",
                "rule",
                "name"))
        : List.of();
  }

  private static UserError stale(int latest, int expected) {
    return UserError.of(
        "STALE_VERSION",
        "the rule is at version "
            + latest
            + ", not "
            + expected
            + ": read it again and reapply your change",
        "input",
        "expectedVersion");
  }

  private static RuleDefinition normalized(RuleDefinition in) {
    return new RuleDefinition(
        in.name() == null ? null : in.name().strip(),
        in.enabled(),
        in.scope().stream().distinct().toList(),
        in.condition(),
        in.exclusions(),
        in.action(),
        in.includeApps());
  }

  /** Creation order: the time of the time-based id, ties by id text. */
  static final java.util.Comparator<String> ORDER =
      java.util.Comparator.comparingLong((String id) -> UUID.fromString(id).timestamp())
          .thenComparing(id -> id);

  private static boolean passed(String id, String afterId) {
    return ORDER.compare(id, afterId) > 0;
  }

  private static Optional<UUID> uuid(String id) {
    try {
      UUID u = id == null ? null : UUID.fromString(id);
      return u != null && u.version() == 1 ? Optional.of(u) : Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static List<UserError> plus(List<UserError> a, List<UserError> b) {
    List<UserError> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  private static List<UserError> plus(List<UserError> a, UserError b) {
    return plus(a, List.of(b));
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  static int pageSize(Integer first) {
    if (first == null) {
      return DEFAULT_PAGE_SIZE;
    }
    if (first < 0 || first > MAX_PAGE_SIZE) {
      throw new ReclaimException(
          ErrorCode.BAD_USER_INPUT,
          "first must be between 0 and " + MAX_PAGE_SIZE + " (was " + first + ")");
    }
    return first;
  }

  /** Seat prices from the org's settings when it priced any product, else from configuration. */
  RulesProperties prices(OrganizationSettings settings) {
    return settings.seatPrices().isEmpty()
        ? properties
        : new RulesProperties(settings.seatPrices(), settings.currency());
  }
}

package app.reclaim.organizations;

import app.reclaim.security.Caller;
import app.reclaim.security.Role;
import app.reclaim.support.UserError;
import java.math.BigDecimal;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * An org's settings: read by anyone of the org (and by other modules for the org), changed by
 * ADMINs with the version they read, so a change made meanwhile is never overwritten. Invalid input
 * comes back as user errors and nothing is stored.
 */
@Service
public class SettingsService {

  private static final Logger log = LoggerFactory.getLogger(SettingsService.class);
  static final Pattern PRODUCT = Pattern.compile("[a-z0-9][a-z0-9.-]{0,63}");
  static final Pattern ID = Pattern.compile("[A-Za-z0-9:_.@-]{1,128}");
  static final Pattern TIME = Pattern.compile("([01]\\d|2[0-3]):[0-5]\\d");
  static final int MAX_PROTECTED = 1000;
  static final BigDecimal MAX_PRICE = new BigDecimal("100000");

  private final OrganizationService organizations;
  private final SettingsRepository repository;
  private final LogPrivacySettings logPrivacy;

  SettingsService(
      OrganizationService organizations,
      SettingsRepository repository,
      LogPrivacySettings logPrivacy) {
    this.organizations = organizations;
    this.repository = repository;
    this.logPrivacy = logPrivacy;
  }

  /** The org's settings, or the defaults (version 0) until first saved. */
  public OrganizationSettings get(String orgId) {
    return repository
        .find(organizations.regionOf(orgId), orgId)
        .orElse(OrganizationSettings.DEFAULTS);
  }

  public OrganizationSettings settings(Caller caller) {
    return get(Caller.require(caller).orgId());
  }

  /** What updateSettings changes; a field left null keeps its value. */
  public record UpdateSettingsInput(
      Integer expectedVersion,
      ActivityBandsInput activityBands,
      List<SeatPriceInput> seatPrices,
      String currency,
      List<String> protectedAccounts,
      List<String> protectedGroups,
      String dailySyncTime,
      Integer cleanupLogRetentionDays,
      OrganizationSettings.Notifications notifications,
      Boolean endUserDataInLogs,
      Integer blastRadiusPercent,
      Integer blastRadiusUsers) {}

  public record ActivityBandsInput(Integer activeWithinDays, Integer lowUseWithinDays) {}

  public record SeatPriceInput(String product, String monthlyPrice) {}

  public record UpdateSettingsPayload(OrganizationSettings settings, List<UserError> userErrors) {}

  public UpdateSettingsPayload update(Caller caller, UpdateSettingsInput input) {
    Caller c = Caller.require(caller).requireRole(Role.ADMIN);
    OrganizationSettings current = get(c.orgId());
    List<UserError> errors = new ArrayList<>();
    if (input.expectedVersion() == null || input.expectedVersion() != current.version()) {
      return new UpdateSettingsPayload(
          null,
          List.of(
              UserError.of(
                  "STALE_VERSION",
                  "settings changed since version "
                      + input.expectedVersion()
                      + "; read version "
                      + current.version()
                      + " and apply your change to it",
                  "input",
                  "expectedVersion")));
    }
    OrganizationSettings next = merge(current, input, errors);
    if (!errors.isEmpty()) {
      return new UpdateSettingsPayload(null, errors);
    }
    organizations.requireWritable(c.orgId());
    String region = organizations.regionOf(c.orgId());
    if (!repository.compareAndSet(region, c.orgId(), current.version(), next, c.accountId())) {
      return new UpdateSettingsPayload(
          null,
          List.of(
              UserError.of(
                  "STALE_VERSION",
                  "settings were changed by someone else meanwhile; read them again",
                  "input",
                  "expectedVersion")));
    }
    logPrivacy.refresh(c.orgId(), next.endUserDataInLogs());
    log.info(
        "org {}: settings version {} saved by account {}",
        c.orgId(),
        current.version() + 1,
        logPrivacy.id(c.orgId(), c.accountId()));
    return new UpdateSettingsPayload(get(c.orgId()), List.of());
  }

  private static OrganizationSettings merge(
      OrganizationSettings s, UpdateSettingsInput in, List<UserError> errors) {
    int active = s.activeWithinDays();
    int lowUse = s.lowUseWithinDays();
    if (in.activityBands() != null) {
      active =
          in.activityBands().activeWithinDays() == null
              ? active
              : in.activityBands().activeWithinDays();
      lowUse =
          in.activityBands().lowUseWithinDays() == null
              ? lowUse
              : in.activityBands().lowUseWithinDays();
      if (active < 1 || active > 365) {
        errors.add(
            UserError.of(
                "OUT_OF_RANGE",
                "activeWithinDays must be 1 to 365",
                "input",
                "activityBands",
                "activeWithinDays"));
      }
      if (lowUse <= active || lowUse > 3650) {
        errors.add(
            UserError.of(
                "OUT_OF_RANGE",
                "lowUseWithinDays must be more than activeWithinDays and at most 3650",
                "input",
                "activityBands",
                "lowUseWithinDays"));
      }
    }
    Map<String, BigDecimal> prices = s.seatPrices();
    if (in.seatPrices() != null) {
      prices = new HashMap<>();
      for (int i = 0; i < in.seatPrices().size(); i++) {
        SeatPriceInput p = in.seatPrices().get(i);
        String index = Integer.toString(i);
        if (p.product() == null || !PRODUCT.matcher(p.product()).matches()) {
          errors.add(
              UserError.of(
                  "INVALID_PRODUCT",
                  "'" + p.product() + "' is not a product key",
                  "input",
                  "seatPrices",
                  index,
                  "product"));
          continue;
        }
        BigDecimal price = parsePrice(p.monthlyPrice());
        if (price == null) {
          errors.add(
              UserError.of(
                  "INVALID_PRICE",
                  "monthlyPrice must be a decimal from 0 to 100000"
                      + " with at most 2 decimals, e.g. \"8.60\"",
                  "input",
                  "seatPrices",
                  index,
                  "monthlyPrice"));
        } else if (prices.put(p.product(), price) != null) {
          errors.add(
              UserError.of(
                  "DUPLICATE",
                  "product " + p.product() + " is priced twice",
                  "input",
                  "seatPrices",
                  index,
                  "product"));
        }
      }
    }
    String currency = s.currency();
    if (in.currency() != null) {
      try {
        currency = Currency.getInstance(in.currency()).getCurrencyCode();
      } catch (IllegalArgumentException e) {
        errors.add(
            UserError.of(
                "INVALID_CURRENCY",
                "currency must be an ISO 4217 code, e.g. USD or EUR",
                "input",
                "currency"));
      }
    }
    Set<String> accounts =
        ids(in.protectedAccounts(), s.protectedAccounts(), "protectedAccounts", errors);
    Set<String> groups = ids(in.protectedGroups(), s.protectedGroups(), "protectedGroups", errors);
    LocalTime syncTime = s.dailySyncTime();
    if (in.dailySyncTime() != null) {
      if (TIME.matcher(in.dailySyncTime()).matches()) {
        syncTime = LocalTime.parse(in.dailySyncTime());
      } else {
        errors.add(
            UserError.of(
                "INVALID_TIME",
                "dailySyncTime must be HH:mm (00:00 to 23:59, UTC)",
                "input",
                "dailySyncTime"));
      }
    }
    int retention =
        in.cleanupLogRetentionDays() == null
            ? s.cleanupLogRetentionDays()
            : in.cleanupLogRetentionDays();
    if (retention < 7 || retention > 3650) {
      errors.add(
          UserError.of(
              "OUT_OF_RANGE",
              "cleanupLogRetentionDays must be 7 to 3650",
              "input",
              "cleanupLogRetentionDays"));
    }
    OrganizationSettings.Notifications notifications =
        in.notifications() == null ? s.notifications() : in.notifications();
    if (notifications.credentialsExpiringDays() < 1
        || notifications.credentialsExpiringDays() > 90) {
      errors.add(
          UserError.of(
              "OUT_OF_RANGE",
              "credentialsExpiringDays must be 1 to 90",
              "input",
              "notifications",
              "credentialsExpiringDays"));
    }
    boolean endUserData =
        in.endUserDataInLogs() == null ? s.endUserDataInLogs() : in.endUserDataInLogs();
    int blastPercent =
        in.blastRadiusPercent() == null ? s.blastRadiusPercent() : in.blastRadiusPercent();
    if (blastPercent < 1 || blastPercent > 100) {
      errors.add(
          UserError.of(
              "OUT_OF_RANGE",
              "blastRadiusPercent must be 1 to 100",
              "input",
              "blastRadiusPercent"));
    }
    int blastUsers = in.blastRadiusUsers() == null ? s.blastRadiusUsers() : in.blastRadiusUsers();
    if (blastUsers < 1) {
      errors.add(
          UserError.of(
              "OUT_OF_RANGE", "blastRadiusUsers must be at least 1", "input", "blastRadiusUsers"));
    }
    return new OrganizationSettings(
        s.version(),
        active,
        lowUse,
        prices,
        currency,
        accounts,
        groups,
        syncTime,
        retention,
        notifications,
        endUserData,
        blastPercent,
        blastUsers,
        null,
        null);
  }

  private static Set<String> ids(
      List<String> given, Set<String> current, String field, List<UserError> errors) {
    if (given == null) {
      return current;
    }
    if (given.size() > MAX_PROTECTED) {
      errors.add(
          UserError.of(
              "TOO_MANY", field + " takes at most " + MAX_PROTECTED + " ids", "input", field));
      return current;
    }
    Set<String> out = new HashSet<>();
    for (int i = 0; i < given.size(); i++) {
      String id = given.get(i);
      if (id == null || !ID.matcher(id).matches()) {
        errors.add(UserError.of("INVALID_ID", "not an id", "input", field, Integer.toString(i)));
      } else {
        out.add(id);
      }
    }
    return out;
  }

  static BigDecimal parsePrice(String text) {
    if (text == null) {
      return null;
    }
    try {
      BigDecimal price = new BigDecimal(text.strip());
      return price.signum() < 0 || price.compareTo(MAX_PRICE) > 0 || price.scale() > 2
          ? null
          : price;
    } catch (NumberFormatException | DateTimeParseException e) {
      return null;
    }
  }
}

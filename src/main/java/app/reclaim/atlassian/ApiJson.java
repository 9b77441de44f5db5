package app.reclaim.atlassian;

import app.reclaim.atlassian.AdminApi.ApiPage;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/**
 * The admin API's JSON (ADMIN-API.md §1.5) mapped onto {@link ApiRecords} by hand, field by field:
 * the wire names differ between v1 ({@code product_access}, {@code last_active}) and v2 ({@code
 * productAccess}, {@code lastActiveTimestamp}), and nested shapes ({@code attributes}, {@code
 * counts}) flatten. Unknown fields are ignored; absent or unparseable values become null.
 */
final class ApiJson {

  private ApiJson() {}

  static <T> ApiPage<T> page(JsonNode root, Function<JsonNode, T> item) {
    return new ApiPage<>(list(root.path("data"), item), nextCursor(root));
  }

  /**
   * {@code links.next}: v2 gives the opaque cursor itself, v1 a URL whose {@code cursor} query
   * parameter is the cursor. Null (or blank) ends the listing.
   */
  static String nextCursor(JsonNode root) {
    String next = text(root.path("links"), "next");
    if (next == null || next.isBlank()) {
      return null;
    }
    if (!(next.startsWith("http://")
        || next.startsWith("https://")
        || next.startsWith("/")
        || next.startsWith("?"))) {
      return next;
    }
    String query = next.startsWith("?") ? next.substring(1) : URI.create(next).getRawQuery();
    if (query == null) {
      return null;
    }
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0 && pair.substring(0, eq).equals("cursor")) {
        String value = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        return value.isBlank() ? null : value;
      }
    }
    return null;
  }

  static ApiRecords.Org org(JsonNode root) {
    JsonNode data = root.path("data").isObject() ? root.path("data") : root;
    String name = text(data.path("attributes"), "name");
    return new ApiRecords.Org(text(data, "id"), name != null ? name : text(data, "name"));
  }

  static ApiRecords.Directory directory(JsonNode n) {
    String id = text(n, "directoryId");
    return new ApiRecords.Directory(id != null ? id : text(n, "id"), text(n, "name"));
  }

  static ApiRecords.User user(JsonNode n) {
    return new ApiRecords.User(
        text(n, "accountId"),
        text(n, "accountType"),
        text(n, "status"),
        text(n, "accountStatus"),
        text(n, "membershipStatus"),
        instant(text(n, "addedToOrg")),
        text(n, "name"),
        text(n, "email"),
        text(n, "claimStatus"),
        list(n.path("platformRoles"), r -> r.isObject() ? text(r, "id") : string(r)),
        text(n, "managementSource"),
        list(
            n.path("productAccess"),
            p ->
                new ApiRecords.ProductAccess(
                    text(p, "key"), text(p, "id"), instant(text(p, "lastActiveTimestamp")))),
        list(n.path("groups"), g -> new ApiRecords.GroupRef(text(g, "id"), text(g, "name"))));
  }

  static ApiRecords.Group group(JsonNode n) {
    return new ApiRecords.Group(
        text(n, "id"),
        text(n, "name"),
        text(n, "description"),
        text(n, "directoryId"),
        n.path("externalSynced").asBoolean(false),
        text(n, "managedBy"),
        integer(n.path("counts").path("users")));
  }

  static ApiRecords.RoleAssignment roleAssignment(JsonNode n) {
    return new ApiRecords.RoleAssignment(
        text(n, "resourceId"),
        text(n, "resourceOwner"),
        text(n, "defaultRole"),
        list(n.path("roles"), ApiJson::string));
  }

  static ApiRecords.Domain domain(JsonNode n) {
    JsonNode attributes = n.path("attributes");
    JsonNode claim = attributes.path("claim");
    return new ApiRecords.Domain(
        text(n, "id"), text(attributes, "name"), text(claim, "type"), text(claim, "status"));
  }

  static ApiRecords.Workspace workspace(JsonNode n) {
    JsonNode a = n.path("attributes");
    return new ApiRecords.Workspace(
        text(n, "id"),
        text(a, "name"),
        text(a, "typeKey"),
        text(a, "status"),
        integer(a.path("capacity")),
        text(a, "hostUrl"),
        text(a, "realm"));
  }

  /**
   * One page of v1 last-active dates: the products on it and (first page) when the user was added.
   */
  static ApiRecords.LastActive lastActive(JsonNode root) {
    JsonNode data = root.path("data");
    List<ApiRecords.ProductLastActive> products =
        list(
            data.path("product_access"),
            p -> {
              LocalDate day = localDate(text(p, "last_active"));
              Instant precise = instant(text(p, "last_active_timestamp"));
              return new ApiRecords.ProductLastActive(
                  text(p, "id"),
                  text(p, "key"),
                  day != null || precise == null
                      ? day
                      : LocalDate.ofInstant(precise, ZoneOffset.UTC));
            });
    Instant added = instant(text(data, "added_to_org_timestamp"));
    return new ApiRecords.LastActive(
        products, added != null ? added : instant(text(data, "added_to_org")));
  }

  static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isString() || value.isNumber() || value.isBoolean() ? value.asString() : null;
  }

  private static String string(JsonNode value) {
    return value.isString() ? value.stringValue() : null;
  }

  private static Integer integer(JsonNode value) {
    return value.isIntegralNumber() && value.canConvertToInt() ? value.asInt() : null;
  }

  private static <T> List<T> list(JsonNode array, Function<JsonNode, T> item) {
    if (!array.isArray()) {
      return List.of();
    }
    List<T> out = new ArrayList<>(array.size());
    for (JsonNode element : array) {
      T mapped = item.apply(element);
      if (mapped != null) {
        out.add(mapped);
      }
    }
    return List.copyOf(out);
  }

  /** ISO-8601 instant, offset date-time, or a plain date (taken as its start in UTC). */
  static Instant instant(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    Instant utc = utcInstant(value);
    if (utc != null) {
      return utc;
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      try {
        return OffsetDateTime.parse(value).toInstant();
      } catch (DateTimeParseException e2) {
        LocalDate day = localDate(value);
        return day == null ? null : day.atStartOfDay(ZoneOffset.UTC).toInstant();
      }
    }
  }

  private static final int[] TENTHS = {
    100_000_000, 10_000_000, 1_000_000, 100_000, 10_000, 1_000, 100, 10, 1
  };

  /**
   * {@code yyyy-MM-ddTHH:mm:ss[.f…]Z} (one to nine fraction digits), the form the API sends every
   * timestamp in, read without a formatter: {@link Instant#parse} cost about 1 µs each, and a
   * 100,000-user sync reads several per user (a quarter of the page reader's CPU). Null for
   * anything else, which {@link #instant} then hands to java.time (other offsets, leap seconds,
   * lower-case letters, other lengths, dates that do not exist).
   */
  static Instant utcInstant(String s) {
    int n = s.length();
    if (n < 20
        || n == 21
        || n > 30
        || s.charAt(n - 1) != 'Z'
        || s.charAt(4) != '-'
        || s.charAt(7) != '-'
        || s.charAt(10) != 'T'
        || s.charAt(13) != ':'
        || s.charAt(16) != ':'
        || (n > 20 && s.charAt(19) != '.')) {
      return null;
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 2);
    int day = digits(s, 8, 2);
    int hour = digits(s, 11, 2);
    int minute = digits(s, 14, 2);
    int second = digits(s, 17, 2);
    int fraction = n > 20 ? digits(s, 20, n - 21) : 0;
    if (year < 0
        || month < 1
        || month > 12
        || day < 1
        || (day > 28 && day > java.time.Month.of(month).length(java.time.Year.isLeap(year)))
        || hour < 0
        || hour > 23
        || minute < 0
        || minute > 59
        || second < 0
        || second > 59
        || fraction < 0) {
      return null;
    }
    long days = LocalDate.of(year, month, day).toEpochDay();
    int nanos = n > 20 ? fraction * TENTHS[n - 22] : 0;
    return Instant.ofEpochSecond(days * 86_400 + hour * 3_600 + minute * 60 + second, nanos);
  }

  /** The decimal number of {@code length} ASCII digits at {@code from}, or -1. */
  private static int digits(String s, int from, int length) {
    int value = 0;
    for (int i = from; i < from + length; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  private static LocalDate localDate(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      Instant moment = null;
      try {
        moment = Instant.parse(value);
      } catch (DateTimeParseException ignored) {
        // neither a date nor an instant
      }
      return moment == null ? null : LocalDate.ofInstant(moment, ZoneOffset.UTC);
    }
  }
}

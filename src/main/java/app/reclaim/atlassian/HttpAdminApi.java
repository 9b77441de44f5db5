package app.reclaim.atlassian;

import app.reclaim.atlassian.AdminHttp.Request;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/**
 * {@link AdminApi} over HTTP (JDK {@code HttpClient}, Jackson), each request under the org's {@link
 * ResiliencePolicy}. Every page is its own resilient call, so a retry repeats one page, never a
 * whole listing. The key is asked of the {@link ApiKeyProvider} per call and lives only as long as
 * the call; without one the call is rejected (401) before any request.
 */
public class HttpAdminApi implements AdminApi {

  private static final List<String> USER_EXPAND =
      List.of("platformRoles", "productAccess", "groups");

  private static final List<String> GROUP_EXPAND = List.of("counts.users");

  /** A server that keeps answering with a next page is not followed forever. */
  private static final int MAX_LAST_ACTIVE_PAGES = 1_000;

  private final String baseUrl;
  private final ApiKeyProvider keys;
  private final ResiliencePolicy policy;
  private final AdminHttp http;
  private final SendPermit permit;

  HttpAdminApi(
      AtlassianProperties properties, ApiKeyProvider keys, ResiliencePolicy policy, Clock clock) {
    String base = properties.baseUrl().toString();
    this.baseUrl = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    this.keys = Objects.requireNonNull(keys);
    this.policy = Objects.requireNonNull(policy);
    this.http = new AdminHttp(properties, clock);
    this.permit = null;
  }

  private HttpAdminApi(HttpAdminApi base, SendPermit permit) {
    this.baseUrl = base.baseUrl;
    this.keys = base.keys;
    this.policy = base.policy;
    this.http = base.http;
    this.permit = Objects.requireNonNull(permit);
  }

  @Override
  public AdminApi permitted(SendPermit permit) {
    return new HttpAdminApi(this, permit);
  }

  /**
   * A client with its own policy instances, outside Spring (tests against the simulator, tools).
   * Within the application, inject the {@code adminApi} bean: its policy is shared per org.
   */
  public static HttpAdminApi create(AtlassianProperties properties, ApiKeyProvider keys) {
    return new HttpAdminApi(properties, keys, new ResiliencePolicy(properties), Clock.systemUTC());
  }

  @Override
  public ApiRecords.Org org(String orgId) {
    return get(orgId, "/v1/orgs/{orgId}", null, ApiJson::org, orgId);
  }

  @Override
  public ApiPage<ApiRecords.Directory> directories(String orgId, String cursor) {
    return get(
        orgId,
        "/v2/orgs/{orgId}/directories",
        cursor,
        r -> ApiJson.page(r, ApiJson::directory),
        orgId);
  }

  @Override
  public ApiPage<ApiRecords.Directory> userDirectories(
      String orgId, String accountId, String cursor) {
    String template = "/v2/orgs/{orgId}/directories";
    // The documented accountId filter; a cursor is sent with it, as the filter is not in the
    // cursor.
    String query =
        "?accountId="
            + URLEncoder.encode(accountId, StandardCharsets.UTF_8)
            + (cursor == null
                ? ""
                : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
    return call(
        orgId,
        new Request("GET", template, uri(template, new String[] {orgId}, query), null),
        r -> ApiJson.page(r, ApiJson::directory));
  }

  @Override
  public java.util.Optional<ApiRecords.User> userInDirectory(
      String orgId, String directoryId, String accountId) {
    Map<String, Object> body = searchBody(null, 1);
    body.put("accountIds", List.of(accountId));
    return usersSearch(orgId, directoryId, body).items().stream()
        .filter(u -> accountId.equals(u.accountId()))
        .findFirst();
  }

  @Override
  public ApiRecords.Group group(String orgId, String directoryId, String groupId) {
    return get(
        orgId,
        "/v2/orgs/{orgId}/directories/{directoryId}/groups/{groupId}",
        null,
        r -> ApiJson.group(r.path("data")),
        orgId,
        directoryId,
        groupId);
  }

  @Override
  public ApiPage<ApiRecords.User> searchUsers(
      String orgId, String directoryId, String cursor, int limit) {
    Map<String, Object> body = searchBody(cursor, limit);
    body.put("expand", USER_EXPAND);
    return usersSearch(orgId, directoryId, body);
  }

  private ApiPage<ApiRecords.User> usersSearch(
      String orgId, String directoryId, Map<String, Object> body) {
    return post(
        orgId,
        "/v2/orgs/{orgId}/directories/{directoryId}/users/search",
        body,
        r -> ApiJson.page(r, ApiJson::user),
        orgId,
        directoryId);
  }

  @Override
  public ApiPage<ApiRecords.Group> searchGroups(
      String orgId, String directoryId, String cursor, int limit) {
    Map<String, Object> body = searchBody(cursor, limit);
    body.put("expand", GROUP_EXPAND);
    return post(
        orgId,
        "/v2/orgs/{orgId}/directories/{directoryId}/groups/search",
        body,
        r -> ApiJson.page(r, ApiJson::group),
        orgId,
        directoryId);
  }

  @Override
  public ApiPage<ApiRecords.RoleAssignment> groupRoleAssignments(
      String orgId, String directoryId, String groupId, String cursor) {
    return get(
        orgId,
        "/v2/orgs/{orgId}/directories/{directoryId}/groups/{groupId}/role-assignments",
        cursor,
        r -> ApiJson.page(r, ApiJson::roleAssignment),
        orgId,
        directoryId,
        groupId);
  }

  @Override
  public ApiPage<ApiRecords.Domain> domains(String orgId, String cursor) {
    return get(
        orgId, "/v1/orgs/{orgId}/domains", cursor, r -> ApiJson.page(r, ApiJson::domain), orgId);
  }

  @Override
  public ApiPage<ApiRecords.Workspace> workspaces(String orgId, String cursor) {
    // No limit sent: the API's own page size, since its maximum for workspaces is not documented.
    Map<String, Object> body = new LinkedHashMap<>();
    if (cursor != null) {
      body.put("cursor", cursor);
    }
    return post(
        orgId,
        "/v2/orgs/{orgId}/workspaces",
        body,
        r -> ApiJson.page(r, ApiJson::workspace),
        orgId);
  }

  @Override
  public ApiRecords.LastActive lastActiveDates(String orgId, String accountId) {
    String template = "/v1/orgs/{orgId}/directory/users/{accountId}/last-active-dates";
    List<ApiRecords.ProductLastActive> products = new ArrayList<>();
    Instant addedToOrg = null;
    String cursor = null;
    for (int page = 0; page < MAX_LAST_ACTIVE_PAGES; page++) {
      LastActivePage p =
          get(
              orgId,
              template,
              cursor,
              r -> new LastActivePage(ApiJson.lastActive(r), ApiJson.nextCursor(r)),
              orgId,
              accountId);
      products.addAll(p.data().productAccess());
      addedToOrg = addedToOrg != null ? addedToOrg : p.data().addedToOrg();
      if (p.next() == null || p.next().equals(cursor)) {
        break;
      }
      cursor = p.next();
    }
    return new ApiRecords.LastActive(List.copyOf(products), addedToOrg);
  }

  @Override
  public void suspend(String orgId, String directoryId, String accountId) {
    write(
        orgId,
        "POST",
        "/v2/orgs/{orgId}/directories/{directoryId}/users/{accountId}/suspend",
        null,
        orgId,
        directoryId,
        accountId);
  }

  @Override
  public void restore(String orgId, String directoryId, String accountId) {
    write(
        orgId,
        "POST",
        "/v2/orgs/{orgId}/directories/{directoryId}/users/{accountId}/restore",
        null,
        orgId,
        directoryId,
        accountId);
  }

  @Override
  public void removeFromDirectory(String orgId, String directoryId, String accountId) {
    write(
        orgId,
        "DELETE",
        "/v2/orgs/{orgId}/directories/{directoryId}/users/{accountId}",
        null,
        orgId,
        directoryId,
        accountId);
  }

  @Override
  public void addMember(String orgId, String directoryId, String groupId, String accountId) {
    write(
        orgId,
        "POST",
        "/v2/orgs/{orgId}/directories/{directoryId}/groups/{groupId}/memberships",
        Map.of("accountId", accountId),
        orgId,
        directoryId,
        groupId);
  }

  @Override
  public void removeMember(String orgId, String directoryId, String groupId, String accountId) {
    write(
        orgId,
        "DELETE",
        "/v2/orgs/{orgId}/directories/{directoryId}/groups/{groupId}/memberships/{accountId}",
        null,
        orgId,
        directoryId,
        groupId,
        accountId);
  }

  private record LastActivePage(ApiRecords.LastActive data, String next) {}

  private <T> T get(
      String orgId,
      String template,
      String cursor,
      Function<JsonNode, T> mapper,
      String... values) {
    String query =
        cursor == null ? "" : "?cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8);
    return call(orgId, new Request("GET", template, uri(template, values, query), null), mapper);
  }

  private <T> T post(
      String orgId,
      String template,
      Map<String, Object> body,
      Function<JsonNode, T> mapper,
      String... values) {
    String json = http.json().writeValueAsString(body);
    return call(orgId, new Request("POST", template, uri(template, values, ""), json), mapper);
  }

  /**
   * A write names a real directory: the documentation grants "-" to reads only (ADMIN-API.md §1.3),
   * so a "-" here is a caller's bug, refused before any request.
   */
  private void write(
      String orgId, String method, String template, Map<String, Object> body, String... values) {
    if (ALL_DIRECTORIES.equals(values[1])) {
      throw new IllegalArgumentException(
          "a write names the directory to change; \"-\" is for reads only: " + template);
    }
    String json = body == null ? null : http.json().writeValueAsString(body);
    call(orgId, new Request(method, template, uri(template, values, ""), json), r -> null);
  }

  private <T> T call(String orgId, Request request, Function<JsonNode, T> mapper) {
    String key =
        keys.apiKey(orgId)
            .filter(k -> !k.isBlank())
            .orElseThrow(
                () ->
                    new AdminApiException.Rejected(
                        401, "no admin API key is configured for this organization"));
    return policy.call(orgId, () -> mapper.apply(http.exchange(orgId, request, key, permit)));
  }

  private static Map<String, Object> searchBody(String cursor, int limit) {
    Map<String, Object> body = new LinkedHashMap<>();
    if (limit > 0) {
      body.put("limit", limit);
    }
    if (cursor != null) {
      body.put("cursor", cursor);
    }
    return body;
  }

  /**
   * Fills the template's {@code {name}} placeholders in order, each value encoded as a path
   * segment.
   */
  private URI uri(String template, String[] values, String query) {
    StringBuilder path = new StringBuilder(baseUrl);
    int next = 0;
    int i = 0;
    while (i < template.length()) {
      char c = template.charAt(i);
      if (c == '{') {
        int end = template.indexOf('}', i);
        path.append(segment(Objects.requireNonNull(values[next++], template)));
        i = end + 1;
      } else {
        path.append(c);
        i++;
      }
    }
    return URI.create(path + query);
  }

  /**
   * RFC 3986 {@code pchar}: unreserved characters, {@code :} and {@code @} stay; all else is
   * %-encoded.
   */
  static String segment(String value) {
    if (value.isEmpty() || value.equals(".") || value.equals("..")) {
      throw new IllegalArgumentException("not a usable path segment: '" + value + "'");
    }
    StringBuilder out = new StringBuilder(value.length());
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if (c >= 'a' && c <= 'z'
          || c >= 'A' && c <= 'Z'
          || c >= '0' && c <= '9'
          || "-._~:@".indexOf(c) >= 0) {
        out.append(c);
      } else {
        out.append('%')
            .append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
            .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
      }
    }
    return out.toString();
  }
}

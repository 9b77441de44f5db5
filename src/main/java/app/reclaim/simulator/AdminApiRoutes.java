package app.reclaim.simulator;

import app.reclaim.simulator.SimulatedOrg.Answer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The admin API's paths (ADMIN-API.md §1.3) for one authenticated org: segment 0 is the version, 2
 * the org id. Cursors are opaque: base64url of the list's kind and the last item's key, so paging
 * stays exact while users are removed between pages.
 */
final class AdminApiRoutes {

  /**
   * v1 domains come in pages of 2 unless {@code limit} says otherwise, so clients meet v1 paging.
   */
  static final int DOMAIN_PAGE = 2;

  static final int SEARCH_PAGE = 50;
  static final int SMALL_PAGE = 20;

  /** An answer: status, and a body (null for 204): a JSON tree, or JSON already written (bytes). */
  record Reply(int status, Object body) {}

  private final String baseUrl;
  private final JsonViews views;

  AdminApiRoutes(String baseUrl) {
    this.baseUrl = baseUrl;
    this.views = new JsonViews(baseUrl);
  }

  Reply route(Call call, SimulatedOrg org) {
    synchronized (org) {
      return "v1".equals(call.segment(0)) ? v1(call, org) : v2(call, org);
    }
  }

  /** {@code GET /v1/orgs}: the orgs this key administers (one). */
  Reply orgs(Call call, SimulatedOrg org) {
    call.expect("GET");
    return ok(JsonViews.page(List.of(views.org(org)), baseUrl + "/v1/orgs", null));
  }

  private Reply v1(Call call, SimulatedOrg org) {
    int n = call.segments.size();
    String resource = call.segment(3);
    if (n == 3) {
      call.expect("GET");
      ObjectNode body = JsonViews.MAPPER.createObjectNode();
      body.set("data", views.org(org));
      return ok(body);
    }
    if (resource.equals("domains") && n == 4) {
      call.expect("GET");
      List<SimulatorState.Domain> domains = org.domains;
      int limit = call.limit(DOMAIN_PAGE);
      int from = index(call, "domains");
      List<ObjectNode> items = new ArrayList<>();
      domains.stream().skip(from).limit(limit).forEach(d -> items.add(views.domain(org, d)));
      String url = baseUrl + "/v1/orgs/" + org.id() + "/domains";
      String next =
          from + limit < domains.size()
              ? url
                  + "?cursor="
                  + encode("domains", from + limit)
                  + (call.param("limit") == null ? "" : "&limit=" + limit)
              : null;
      return ok(JsonViews.page(items, url, next));
    }
    if (resource.equals("domains") && n == 5) {
      call.expect("GET");
      SimulatorState.Domain domain =
          org.domains.stream()
              .filter(d -> d.id().equals(call.segment(4)))
              .findFirst()
              .orElseThrow(() -> ApiError.notFound("Domain not found"));
      ObjectNode body = JsonViews.MAPPER.createObjectNode();
      body.set("data", views.domain(org, domain));
      return ok(body);
    }
    if (resource.equals("directory")
        && n == 7
        && call.segment(4).equals("users")
        && call.segment(6).equals("last-active-dates")) {
      call.expect("GET");
      SimUser user = org.users.get(call.segment(5));
      if (user == null) {
        throw ApiError.notFound("User not found");
      }
      return ok(views.lastActive(org, user));
    }
    throw ApiError.notFound("No such resource");
  }

  private Reply v2(Call call, SimulatedOrg org) {
    int n = call.segments.size();
    String resource = call.segment(3);
    if (resource.equals("workspaces") && n == 4) {
      call.expect("POST");
      return workspaces(call, org);
    }
    if (resource.equals("directories") && n == 4) {
      call.expect("GET");
      List<ObjectNode> items = new ArrayList<>();
      int limit = call.limit(SMALL_PAGE);
      int from = index(call, "directories");
      org.directories.stream().skip(from).limit(limit).forEach(d -> items.add(views.directory(d)));
      return ok(
          JsonViews.page(
              items,
              self(call),
              from + limit < org.directories.size() ? encode("directories", from + limit) : null));
    }
    if (!resource.equals("directories") || n < 6) {
      throw ApiError.notFound("No such resource");
    }
    String directoryId = call.segment(4);
    if (!org.hasDirectory(directoryId)) {
      throw ApiError.notFound("Directory not found");
    }
    return switch (call.segment(5)) {
      case "users" -> users(call, org, directoryId);
      case "groups" -> groups(call, org, directoryId);
      default -> throw ApiError.notFound("No such resource");
    };
  }

  private Reply users(Call call, SimulatedOrg org, String directoryId) {
    int n = call.segments.size();
    String accountId = call.segment(6);
    if (n == 6 || (n == 7 && accountId.equals("search") && call.method.equals("POST"))) {
      call.expect(n == 6 ? "GET" : "POST");
      call.body();
      List<String> expand = call.params("expand");
      boolean access = expand.contains("productAccess");
      boolean groups = expand.contains("groups");
      return page(
          call,
          org.users,
          "users",
          call.limit(SEARCH_PAGE),
          u -> org.listed(u, directoryId),
          (g, u) -> views.user(g, org, u, access, groups));
    }
    if (n == 7 && call.method.equals("GET")) {
      SimUser user = org.users.get(accountId);
      if (user == null || !org.listed(user, directoryId)) {
        throw ApiError.notFound("User not found");
      }
      return ok(JsonViews.one(g -> views.user(g, org, user, false, false)));
    }
    if (n == 7) {
      call.expect("DELETE");
      return written(org.removeFromDirectory(directoryId, accountId));
    }
    if (n == 8 && (call.segment(7).equals("suspend") || call.segment(7).equals("restore"))) {
      call.expect("POST");
      return written(
          call.segment(7).equals("suspend")
              ? org.suspend(directoryId, accountId)
              : org.restore(directoryId, accountId));
    }
    throw ApiError.notFound("No such resource");
  }

  private Reply groups(Call call, SimulatedOrg org, String directoryId) {
    int n = call.segments.size();
    String groupId = call.segment(6);
    if (n == 6 || (n == 7 && groupId.equals("search") && call.method.equals("POST"))) {
      call.expect(n == 6 ? "GET" : "POST");
      call.body();
      return page(
          call,
          org.groups,
          "groups",
          call.limit(SEARCH_PAGE),
          g -> "-".equals(directoryId) || directoryId.equals(g.directoryId),
          (g, group) -> g.writeTree(views.group(org, group)));
    }
    String tail = call.segment(7);
    if (n == 9 && tail.equals("memberships")) {
      call.expect("DELETE");
      return written(org.removeMember(directoryId, groupId, call.segment(8)));
    }
    if (n == 8 && tail.equals("memberships")) {
      call.expect("POST");
      JsonNode body = call.body();
      String accountId =
          body.path("accountId").isString()
              ? body.path("accountId").asString()
              : body.path("account_id").asString(null);
      if (accountId == null || accountId.isBlank()) {
        throw ApiError.badRequest("accountId is required");
      }
      return written(org.addMember(directoryId, groupId, accountId));
    }
    SimGroup group = org.group(directoryId, groupId);
    if (group == null || n > 8 || (n == 8 && !tail.equals("role-assignments"))) {
      throw group == null && n <= 8
          ? ApiError.groupNotFound()
          : ApiError.notFound("No such resource");
    }
    call.expect("GET");
    if (n == 7) {
      ObjectNode body = JsonViews.MAPPER.createObjectNode();
      body.set("data", views.group(org, group));
      return ok(body);
    }
    int limit = call.limit(SMALL_PAGE);
    int from = index(call, "roles");
    List<ObjectNode> items = new ArrayList<>();
    group.roles.stream().skip(from).limit(limit).forEach(r -> items.add(views.roleAssignment(r)));
    return ok(
        JsonViews.page(
            items,
            self(call),
            from + limit < group.roles.size() ? encode("roles", from + limit) : null));
  }

  private Reply workspaces(Call call, SimulatedOrg org) {
    call.body();
    int limit = call.limit(SMALL_PAGE);
    int from = index(call, "workspaces");
    int[] usage = org.usage();
    List<ObjectNode> items = new ArrayList<>();
    org.workspaces.stream()
        .skip(from)
        .limit(limit)
        .forEach(w -> items.add(views.workspace(org, w, usage[w.index()])));
    boolean more = from + limit < org.workspaces.size();
    ObjectNode body =
        JsonViews.page(items, self(call), more ? encode("workspaces", from + limit) : null);
    body.putObject("meta")
        .put("pageSize", limit)
        .put("startIndex", from)
        .put("endIndex", from + items.size())
        .put("total", org.workspaces.size());
    return ok(body);
  }

  /** A page of a sorted map after the cursor's key, keeping what {@code listed} accepts. */
  private <T> Reply page(
      Call call,
      NavigableMap<String, T> all,
      String kind,
      int limit,
      Predicate<T> listed,
      BiConsumer<JsonGenerator, T> view) {
    String after = call.cursor() == null ? null : decode(call.cursor(), kind);
    List<T> items = new ArrayList<>(limit);
    String last = null;
    String next = null;
    for (Map.Entry<String, T> entry :
        (after == null ? all : all.tailMap(after, false)).entrySet()) {
      if (!listed.test(entry.getValue())) {
        continue;
      }
      if (items.size() == limit) {
        next = encode(kind, last);
        break;
      }
      items.add(entry.getValue());
      last = entry.getKey();
    }
    return ok(
        JsonViews.written(
            items, view, call.cursor() == null ? encode(kind, "") : call.cursor(), next));
  }

  private int index(Call call, String kind) {
    if (call.cursor() == null) {
      return 0;
    }
    try {
      return Integer.parseInt(decode(call.cursor(), kind));
    } catch (NumberFormatException e) {
      throw ApiError.badRequest("Invalid cursor");
    }
  }

  private String self(Call call) {
    return call.cursor() == null ? baseUrl + call.path : call.cursor();
  }

  private static Reply written(Answer answer) {
    if (answer.status() >= 400) {
      throw ApiError.fromAnswer(answer);
    }
    return new Reply(answer.status(), null);
  }

  private static Reply ok(Object body) {
    return new Reply(200, body);
  }

  static String encode(String kind, Object key) {
    String raw = kind + ":" + key;
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  static String decode(String cursor, String kind) {
    try {
      String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      if (raw.startsWith(kind + ":")) {
        return raw.substring(kind.length() + 1);
      }
    } catch (IllegalArgumentException e) {
      // answered below
    }
    throw ApiError.badRequest("Invalid cursor");
  }
}

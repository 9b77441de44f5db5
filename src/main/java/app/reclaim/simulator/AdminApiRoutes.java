package app.reclaim.simulator;

import app.reclaim.simulator.SimulatedOrg.Answer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.node.ObjectNode;

/**
 * The admin API's paths (ADMIN-API.md §1.3) for one authenticated org: segment 0 is the version, 2
 * the org id. Each documented endpoint's request is checked against its contract file ({@link
 * Contract}, {@link RequestCheck}) before it is answered. Cursors are opaque: base64url of the
 * list's kind and the last item's key, so paging stays exact while users are removed between pages.
 */
final class AdminApiRoutes {

  /** v1 domains come in pages of 2 (no page size is documented), so clients meet v1 paging. */
  static final int DOMAIN_PAGE = 2;

  /** GET groups (no contract file: the client uses the search): page size, maximum. */
  static final int GROUPS_GET_PAGE = 50;

  static final String WILDCARD_WRITE =
      "directoryId '-' is not allowed on a write: use a real directory id"
          + " (GET /v2/orgs/{orgId}/directories)";

  /** An answer: status, and a body (null for 204): a JSON tree, or JSON already written (bytes). */
  record Reply(int status, Object body) {}

  private final String baseUrl;
  private final JsonViews views;

  AdminApiRoutes(String baseUrl) {
    this.baseUrl = baseUrl;
    this.views = new JsonViews(baseUrl);
    // Loads the contract now: a broken file fails the simulator's start, not its first request.
    Contract.endpoint("users-search");
  }

  Reply route(Call call, SimulatedOrg org) {
    synchronized (org) {
      return "v1".equals(call.segment(0)) ? v1(call, org) : v2(call, org);
    }
  }

  /** {@code GET /v1/orgs}: the orgs this key administers (one). */
  Reply orgs(Call call, SimulatedOrg org) {
    call.expect("GET");
    RequestCheck.of("org", call);
    return ok(JsonViews.page(List.of(views.org(org)), baseUrl + "/v1/orgs", null));
  }

  private Reply v1(Call call, SimulatedOrg org) {
    int n = call.segments.size();
    String resource = call.segment(3);
    if (n == 3) {
      call.expect("GET");
      RequestCheck.of("org", call);
      ObjectNode body = JsonViews.MAPPER.createObjectNode();
      body.set("data", views.org(org));
      return ok(body);
    }
    if (resource.equals("domains") && n == 4) {
      call.expect("GET");
      RequestCheck.of("domains", call);
      List<SimulatorState.Domain> domains = org.domains;
      int from = index(call, "domains");
      List<ObjectNode> items = new ArrayList<>();
      domains.stream().skip(from).limit(DOMAIN_PAGE).forEach(d -> items.add(views.domain(org, d)));
      String url = baseUrl + "/v1/orgs/" + org.id() + "/domains";
      String next =
          from + DOMAIN_PAGE < domains.size()
              ? url + "?cursor=" + encode("domains", from + DOMAIN_PAGE)
              : null;
      return ok(JsonViews.page(items, url, next));
    }
    if (resource.equals("domains") && n == 5) {
      call.expect("GET");
      RequestCheck.of("org", call);
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
      RequestCheck.of("last-active-dates", call);
      if (org.directories.size() > 1) {
        // The v1 directory endpoints serve the centralized experience only (ID-8902; ADMIN-API.md
        // §1.8): an org with several directories is on the original one.
        throw ApiError.forbidden(
            "This API is only available to organizations using the centralized user management"
                + " experience");
      }
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
      return directories(call, org);
    }
    if (!resource.equals("directories") || n < 6) {
      throw ApiError.notFound("No such resource");
    }
    String directoryId = call.segment(4);
    if (isWrite(call)) {
      return write(call, org, directoryId);
    }
    if (!org.hasDirectory(directoryId)) {
      throw ApiError.notFound("Directory not found");
    }
    return switch (call.segment(5)) {
      case "users" -> users(call, org, directoryId);
      case "groups" -> groups(call, org, directoryId);
      default -> throw ApiError.notFound("No such resource");
    };
  }

  private Reply directories(Call call, SimulatedOrg org) {
    RequestCheck check = RequestCheck.of("directories-list", call);
    String accountId = call.query().containsKey("accountId") ? check.accountId() : null;
    List<SimulatorState.Directory> listed = org.directories;
    if (accountId != null) {
      SimUser user = org.users.get(accountId);
      listed =
          org.directories.stream()
              .filter(d -> user != null && user.memberships.containsKey(d.directoryId()))
              .toList();
    }
    int limit = check.limit();
    int from = index(call, "directories");
    List<ObjectNode> items = new ArrayList<>();
    listed.stream().skip(from).limit(limit).forEach(d -> items.add(views.directory(d)));
    return ok(
        JsonViews.page(
            items,
            self(call),
            from + limit < listed.size() ? encode("directories", from + limit) : null));
  }

  /** Suspend, restore, remove from directory, add and remove member. */
  private static boolean isWrite(Call call) {
    int n = call.segments.size();
    String kind = call.segment(5);
    return switch (call.method) {
      case "POST" ->
          (kind.equals("users")
                  && n == 8
                  && (call.segment(7).equals("suspend") || call.segment(7).equals("restore")))
              || (kind.equals("groups") && n == 8 && call.segment(7).equals("memberships"));
      case "DELETE" ->
          (kind.equals("users") && n == 7)
              || (kind.equals("groups") && n == 9 && call.segment(7).equals("memberships"));
      default -> false;
    };
  }

  /**
   * A write, answered and recorded in the action log whatever the answer: a request breaking the
   * contract or naming directory {@code -} (ADMIN-API.md §1.3: writes document no wildcard) is
   * refused with 400 before it reaches the org.
   */
  private Reply write(Call call, SimulatedOrg org, String directoryId) {
    boolean users = call.segment(5).equals("users");
    String groupId = users ? null : call.segment(6);
    String accountId = users ? call.segment(6) : call.segments.size() == 9 ? call.segment(8) : null;
    String action =
        users
            ? (call.method.equals("DELETE") ? "remove-from-directory" : call.segment(7))
            : (call.method.equals("DELETE") ? "remove-member" : "add-member");
    RequestCheck check;
    try {
      check = RequestCheck.of(action, call);
    } catch (ApiError e) {
      org.reject(action, directoryId, accountId, groupId, e.getMessage());
      throw e;
    }
    if (action.equals("add-member")) {
      accountId = check.accountId();
    }
    if ("-".equals(directoryId)) {
      org.reject(action, directoryId, accountId, groupId, WILDCARD_WRITE);
      throw ApiError.badRequest(WILDCARD_WRITE);
    }
    return written(
        switch (action) {
          case "suspend" -> org.suspend(directoryId, accountId);
          case "restore" -> org.restore(directoryId, accountId);
          case "remove-from-directory" -> org.removeFromDirectory(directoryId, accountId);
          case "add-member" -> org.addMember(directoryId, groupId, accountId);
          default -> org.removeMember(directoryId, groupId, accountId);
        });
  }

  private Reply users(Call call, SimulatedOrg org, String directoryId) {
    int n = call.segments.size();
    String accountId = call.segment(6);
    if (n == 6 || (n == 7 && accountId.equals("search") && call.method.equals("POST"))) {
      call.expect(n == 6 ? "GET" : "POST");
      RequestCheck check = RequestCheck.of(n == 6 ? "users-list" : "users-search", call);
      List<String> only = check.accountIds();
      return page(
          call,
          org.users,
          "users",
          check.limit(),
          u -> org.listed(u, directoryId) && (only == null || only.contains(u.accountId)),
          (g, u) -> views.user(g, org, u, directoryId, check.expand()));
    }
    if (n == 7) {
      call.expect("GET");
      noParameters(call);
      SimUser user = org.users.get(accountId);
      if (user == null || !org.listed(user, directoryId)) {
        throw ApiError.notFound("User not found");
      }
      return ok(JsonViews.one(g -> views.user(g, org, user, directoryId, Set.of())));
    }
    if (n == 8 && (call.segment(7).equals("suspend") || call.segment(7).equals("restore"))) {
      throw ApiError.methodNotAllowed();
    }
    throw ApiError.notFound("No such resource");
  }

  private Reply groups(Call call, SimulatedOrg org, String directoryId) {
    int n = call.segments.size();
    String groupId = call.segment(6);
    Predicate<SimGroup> inDirectory =
        g -> "-".equals(directoryId) || directoryId.equals(g.directoryId);
    if (n == 7 && groupId.equals("search") && call.method.equals("POST")) {
      RequestCheck check = RequestCheck.of("groups-search", call);
      return page(
          call,
          org.groups,
          "groups",
          check.limit(),
          inDirectory,
          (g, group) -> g.writeTree(views.group(org, group, check.expand())));
    }
    if (n == 6) {
      call.expect("GET");
      int limit = getGroupsLimit(call);
      return page(
          call,
          org.groups,
          "groups",
          limit,
          inDirectory,
          (g, group) -> g.writeTree(views.group(org, group, Set.of())));
    }
    String tail = call.segment(7);
    if (n == 8 && tail.equals("memberships") || n == 9 && tail.equals("memberships")) {
      throw ApiError.methodNotAllowed();
    }
    SimGroup group = org.group(directoryId, groupId);
    if (group == null || n > 8 || (n == 8 && !tail.equals("role-assignments"))) {
      throw group == null && n <= 8
          ? ApiError.groupNotFound()
          : ApiError.notFound("No such resource");
    }
    call.expect("GET");
    if (n == 7) {
      noParameters(call);
      ObjectNode body = JsonViews.MAPPER.createObjectNode();
      body.set("data", views.group(org, group, Set.of()));
      return ok(body);
    }
    RequestCheck check = RequestCheck.of("group-role-assignments", call);
    int limit = check.limit();
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
    RequestCheck check = RequestCheck.of("workspaces", call);
    int limit = check.limit();
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

  /** Endpoints without a contract file (details reads): no parameters, no body. */
  private static void noParameters(Call call) {
    if (!call.query().isEmpty() || call.hasBody()) {
      throw ApiError.badRequest("this endpoint takes no parameters and no body in the simulator");
    }
  }

  /** GET groups (deprecated, no contract file): cursor and limit 1..100 only. */
  private static int getGroupsLimit(Call call) {
    if (call.hasBody()) {
      throw ApiError.badRequest("this endpoint takes no request body");
    }
    for (String name : call.query().keySet()) {
      if (!name.equals("cursor") && !name.equals("limit")) {
        throw ApiError.badRequest(name + RequestCheck.NOT_SIMULATED);
      }
    }
    List<String> limit = call.query().get("limit");
    if (limit == null) {
      return GROUPS_GET_PAGE;
    }
    try {
      int value = Integer.parseInt(limit.get(0));
      if (value >= 1 && value <= 100 && limit.size() == 1) {
        return value;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw ApiError.badRequest("limit must be a number between 1 and 100");
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

package app.reclaim.simulator;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The admin API's JSON, field names as ADMIN-API.md §1.5 gives them. Absent values (no email, no
 * {@code addedToOrg} in the listing, never active) are left out rather than sent as null, except
 * {@code links.next} (null on the last page) and {@code defaultRole}. Callers hold the org's
 * monitor.
 */
final class JsonViews {

  static final JsonMapper MAPPER = JsonMapper.builder().build();

  private final String baseUrl;

  JsonViews(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  ObjectNode org(SimulatedOrg org) {
    ObjectNode data = MAPPER.createObjectNode();
    data.put("id", org.id());
    data.put("type", "orgs");
    data.putObject("attributes").put("name", org.name());
    data.putObject("links").put("self", baseUrl + "/v1/orgs/" + org.id());
    return data;
  }

  /**
   * A user as the v2 directory {@code directoryId} shows it ({@code -}: every directory, statuses
   * composite), with the {@code expand} parts only (platformRoles, counts.resources, productAccess,
   * groups: absent unless asked), written straight to {@code g}: a listing page of 100 users built
   * as a tree first was a third of the simulator's CPU in a 100,000-user sync (bench/run.sh sync,
   * JFR), and the simulator shares the machine with the client it serves.
   */
  void user(
      JsonGenerator g, SimulatedOrg org, SimUser user, String directoryId, Set<String> expand) {
    g.writeStartObject();
    g.writeStringProperty("accountId", user.accountId);
    g.writeStringProperty("accountType", user.accountType);
    g.writeStringProperty("status", user.status(directoryId));
    g.writeStringProperty("accountStatus", user.accountStatus);
    g.writeStringProperty("membershipStatus", user.membershipStatus(directoryId));
    if (user.addedToOrgListed) {
      g.writeStringProperty("addedToOrg", user.addedToOrg.toString());
    }
    g.writeStringProperty("name", user.name);
    g.writeStringProperty("nickname", user.nickname);
    if (user.email != null) {
      g.writeStringProperty("email", user.email);
    }
    g.writeBooleanProperty("emailVerified", user.emailVerified);
    g.writeStringProperty("claimStatus", user.claimStatus);
    if (expand.contains("platformRoles")) {
      g.writeArrayPropertyStart("platformRoles");
      for (String role : user.platformRoles) {
        g.writeString(role);
      }
      g.writeEndArray();
    }
    if (user.managementSource != null) {
      g.writeStringProperty("managementSource", user.managementSource);
    }
    boolean[] has =
        expand.contains("productAccess") || expand.contains("counts.resources")
            ? org.access(user, directoryId)
            : null;
    if (expand.contains("counts.resources")) {
      int resources = 0;
      for (boolean h : has) {
        resources += h ? 1 : 0;
      }
      g.writeObjectPropertyStart("counts");
      g.writeNumberProperty("resources", resources);
      g.writeEndObject();
    }
    if (expand.contains("productAccess")) {
      g.writeArrayPropertyStart("productAccess");
      for (SimWorkspace w : org.workspaces) {
        if (has[w.index()]) {
          g.writeStartObject();
          g.writeStringProperty("key", org.accessKey(w));
          g.writeStringProperty("id", w.id());
          if (user.lastActive[w.index()] != null) {
            g.writeStringProperty("lastActiveTimestamp", user.lastActive[w.index()].toString());
          }
          g.writeEndObject();
        }
      }
      g.writeEndArray();
    }
    if (expand.contains("groups")) {
      g.writeArrayPropertyStart("groups");
      for (String id : user.groupIds) {
        SimGroup group = org.groups.get(id);
        if ("-".equals(directoryId) || group.directoryId.equals(directoryId)) {
          g.writeStartObject();
          g.writeStringProperty("id", group.id);
          g.writeStringProperty("name", group.name);
          g.writeStringProperty("description", group.description);
          g.writeEndObject();
        }
      }
      g.writeEndArray();
    }
    g.writeObjectPropertyStart("links");
    g.writeStringProperty("self", directoryUrl(org, directoryId) + "/users/" + user.accountId);
    g.writeEndObject();
    g.writeEndObject();
  }

  /** A v2 group; {@code counts} only with {@code expand} counts.users / counts.resources. */
  ObjectNode group(SimulatedOrg org, SimGroup group, Set<String> expand) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("id", group.id);
    node.put("name", group.name);
    node.put("description", group.description);
    node.put("directoryId", group.directoryId);
    boolean admins = !group.externalSynced;
    node.putObject("managementAccess")
        .put("deletable", admins && !group.name.endsWith("-users"))
        .put("modifiable", admins)
        .put("readable", true);
    node.put("externalSynced", group.externalSynced);
    node.put("managedBy", group.managedBy);
    if (expand.contains("counts.users") || expand.contains("counts.resources")) {
      ObjectNode counts = node.putObject("counts");
      if (expand.contains("counts.users")) {
        counts.put("users", group.members.size());
      }
      if (expand.contains("counts.resources")) {
        counts.put("resources", group.roles.size());
      }
    }
    node.putObject("links")
        .put("self", directoryUrl(org, group.directoryId) + "/groups/" + group.id);
    return node;
  }

  ObjectNode roleAssignment(SimulatorState.RoleAssignment assignment) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("resourceId", assignment.resourceId());
    node.put("resourceOwner", assignment.resourceOwner());
    node.put("defaultRole", assignment.defaultRole());
    ArrayNode roles = node.putArray("roles");
    assignment.roles().forEach(roles::add);
    return node;
  }

  ObjectNode directory(SimulatorState.Directory directory) {
    return MAPPER
        .createObjectNode()
        .put("directoryId", directory.directoryId())
        .put("name", directory.name());
  }

  ObjectNode domain(SimulatedOrg org, SimulatorState.Domain domain) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("id", domain.id());
    node.put("type", "domains");
    ObjectNode attributes = node.putObject("attributes");
    attributes.put("name", domain.name());
    attributes
        .putObject("claim")
        .put("type", domain.claimType())
        .put("status", domain.claimStatus());
    node.putObject("links")
        .put("self", baseUrl + "/v1/orgs/" + org.id() + "/domains/" + domain.id());
    return node;
  }

  ObjectNode workspace(SimulatedOrg org, SimWorkspace workspace, int usage) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("id", workspace.id());
    node.put("type", "workspace");
    ObjectNode a = node.putObject("attributes");
    a.put("name", workspace.name());
    a.put("typeKey", workspace.typeKey());
    a.put("type", workspace.family());
    a.put("owner", org.id());
    a.put("status", "online");
    a.putArray("statusDetails");
    a.putObject("icons");
    a.putObject("avatars");
    a.putArray("labels");
    a.putObject("sandbox").put("type", "none");
    a.put("usage", usage);
    a.put("capacity", workspace.capacity());
    a.put("createdAt", workspace.createdAt().toString());
    a.put("hostUrl", workspace.hostUrl());
    a.put("realm", workspace.realm());
    ArrayNode regions = a.putArray("regions");
    workspace.regions().forEach(regions::add);
    node.putObject("links").put("self", workspace.hostUrl());
    node.putObject("relationships");
    return node;
  }

  /** v1 last-active-dates: dates as {@code yyyy-MM-dd}, with the full instants alongside. */
  ObjectNode lastActive(SimulatedOrg org, SimUser user) {
    ObjectNode body = MAPPER.createObjectNode();
    ObjectNode data = body.putObject("data");
    ArrayNode access = data.putArray("product_access");
    for (SimWorkspace w : org.workspaces) {
      Instant time = user.lastActive[w.index()];
      if (time != null) {
        access
            .addObject()
            .put("id", w.id())
            .put("key", org.accessKey(w))
            .put("last_active", date(time))
            .put("last_active_timestamp", time.toString());
      }
    }
    data.put("added_to_org", date(user.addedToOrg));
    data.put("added_to_org_timestamp", user.addedToOrg.toString());
    body.putObject("links").putNull("next");
    return body;
  }

  /**
   * The page envelope: {@code data}, and {@code links} with {@code self} and {@code next} (null:
   * last).
   */
  static ObjectNode page(List<ObjectNode> items, String self, String next) {
    ObjectNode body = MAPPER.createObjectNode();
    ArrayNode data = body.putArray("data");
    items.forEach(data::add);
    ObjectNode links = body.putObject("links");
    links.put("self", self);
    links.put("next", next);
    return body;
  }

  /**
   * A listing page as {@link #page} shapes it, written item by item to JSON bytes: written while
   * the caller holds the org's monitor, so that it shows one state of the org.
   */
  static <T> byte[] written(
      List<T> items, BiConsumer<JsonGenerator, T> item, String self, String next) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(1024 + 512 * items.size());
    try (JsonGenerator g = MAPPER.createGenerator(out)) {
      g.writeStartObject();
      g.writeArrayPropertyStart("data");
      for (T t : items) {
        item.accept(g, t);
      }
      g.writeEndArray();
      g.writeObjectPropertyStart("links");
      g.writeStringProperty("self", self);
      g.writeStringProperty("next", next);
      g.writeEndObject();
      g.writeEndObject();
    }
    return out.toByteArray();
  }

  /** {@code {"data": <one item>}} as JSON bytes. */
  static byte[] one(Consumer<JsonGenerator> item) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
    try (JsonGenerator g = MAPPER.createGenerator(out)) {
      g.writeStartObject();
      g.writeName("data");
      item.accept(g);
      g.writeEndObject();
    }
    return out.toByteArray();
  }

  private String directoryUrl(SimulatedOrg org, String directoryId) {
    return baseUrl
        + "/v2/orgs/"
        + org.id()
        + "/directories/"
        + (directoryId == null ? "-" : directoryId);
  }

  private static String date(Instant time) {
    return time.atOffset(ZoneOffset.UTC).toLocalDate().toString();
  }
}

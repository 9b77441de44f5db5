package app.reclaim.scim;

import app.reclaim.scim.AttributeNames.Projection;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The one thin controller of {@code /scim/v2}: translates HTTP, calls a handler, shapes responses.
 */
@RestController
@RequestMapping(
    path = ScimConfiguration.BASE_PATH,
    produces = {"application/scim+json", "application/json"})
class ScimController {

  private static final String CLIENT = ScimClient.REQUEST_ATTRIBUTE;
  private final ScimUsers users;
  private final ScimGroups groups;
  private final ScimListing listing;

  ScimController(ScimUsers users, ScimGroups groups, ScimListing listing) {
    this.users = users;
    this.groups = groups;
    this.listing = listing;
  }

  // ─── discovery ───

  @GetMapping("/ServiceProviderConfig")
  ObjectNode serviceProviderConfig() {
    return Discovery.serviceProviderConfig(baseUrl());
  }

  @GetMapping("/ResourceTypes")
  ObjectNode resourceTypes(@RequestParam(required = false) String filter) {
    rejectFilter(filter);
    List<ObjectNode> types = Discovery.resourceTypes(baseUrl());
    return Discovery.listResponse(types, types.size(), 1);
  }

  @GetMapping("/ResourceTypes/{id}")
  ObjectNode resourceType(@PathVariable String id) {
    return Discovery.resourceTypes(baseUrl()).stream()
        .filter(t -> t.get("id").asText().equals(id))
        .findFirst()
        .orElseThrow(() -> ScimError.notFound("ResourceType", id));
  }

  @GetMapping("/Schemas")
  ObjectNode schemas(@RequestParam(required = false) String filter) {
    rejectFilter(filter);
    List<ObjectNode> schemas = ScimSchemas.documents(baseUrl());
    return Discovery.listResponse(schemas, schemas.size(), 1);
  }

  @GetMapping("/Schemas/{id}")
  ObjectNode schema(@PathVariable String id) {
    return ScimSchemas.documents(baseUrl()).stream()
        .filter(s -> s.get("id").asText().equalsIgnoreCase(id))
        .findFirst()
        .orElseThrow(() -> ScimError.notFound("Schema", id));
  }

  @RequestMapping({"/Me", "/Me/**"})
  void me() {
    throw ScimError.notImplemented("/Me is not supported: SCIM clients here are IdPs, not users");
  }

  @RequestMapping({"/Bulk"})
  void bulk() {
    throw ScimError.notImplemented("bulk is not supported (ServiceProviderConfig says so)");
  }

  // ─── users ───

  @PostMapping("/Users")
  ResponseEntity<ObjectNode> createUser(
      @RequestAttribute(CLIENT) ScimClient client,
      @RequestBody JsonNode body,
      HttpServletRequest request) {
    Projection projection = AttributeNames.of(request);
    StoredResource created = users.create(client, body, Preconditions.of(request));
    return written(HttpStatus.CREATED, created, null, projection);
  }

  @GetMapping("/Users/{id}")
  ResponseEntity<ObjectNode> getUser(
      @RequestAttribute(CLIENT) ScimClient client,
      @PathVariable String id,
      HttpServletRequest request) {
    Projection projection = AttributeNames.of(request);
    StoredResource user = users.get(client, id);
    if (Preconditions.of(request).notModified(user.etag())) {
      return notModified(user);
    }
    return written(HttpStatus.OK, user, null, projection);
  }

  @GetMapping("/Users")
  ObjectNode listUsers(@RequestAttribute(CLIENT) ScimClient client, HttpServletRequest request) {
    return list(client, ResourceKind.USER, query(request.getParameterMap()));
  }

  @PostMapping("/Users/.search")
  ObjectNode searchUsers(@RequestAttribute(CLIENT) ScimClient client, @RequestBody JsonNode body) {
    return list(client, ResourceKind.USER, query(body));
  }

  @PutMapping("/Users/{id}")
  ResponseEntity<ObjectNode> replaceUser(
      @RequestAttribute(CLIENT) ScimClient client,
      @PathVariable String id,
      @RequestBody JsonNode body,
      HttpServletRequest request) {
    Projection projection = AttributeNames.of(request);
    StoredResource user = users.replace(client, id, body, Preconditions.of(request));
    return written(HttpStatus.OK, user, null, projection);
  }

  /** 200 with the user (RFC 7644 §3.5.2), projected by attributes/excludedAttributes. */
  @PatchMapping("/Users/{id}")
  ResponseEntity<ObjectNode> patchUser(
      @RequestAttribute(CLIENT) ScimClient client,
      @PathVariable String id,
      @RequestBody JsonNode body,
      HttpServletRequest request) {
    Projection projection = AttributeNames.of(request);
    StoredResource user = users.patch(client, id, body, Preconditions.of(request));
    return written(HttpStatus.OK, user, null, projection);
  }

  @DeleteMapping("/Users/{id}")
  ResponseEntity<Void> deleteUser(
      @RequestAttribute(CLIENT) ScimClient client,
      @PathVariable String id,
      HttpServletRequest request) {
    users.delete(client, id, Preconditions.of(request));
    return ResponseEntity.noContent().build();
  }

  // ─── groups ───

  @PostMapping("/Groups")
  ResponseEntity<ObjectNode> createGroup(
      @RequestAttribute(CLIENT) ScimClient client,
      @RequestBody JsonNode body,
      HttpServletRequest request) {
    Projection projection = AttributeNames.of(request);
    ScimGroups.Written created = groups.create(client, body, Preconditions.of(request));
    StoredResource group = created.group();
    return written(HttpStatus.CREATED, group, created.members(), projection);
  }

  @GetMapping("/Groups/{id}")
  ResponseEntity<ObjectNode> getGroup(
      @RequestAttribute(CLIENT) ScimClient client,
      @PathVariable String id,
      HttpServletRequest request) {
    Projection projection = AttributeNames.of(request);
    StoredResource group = groups.get(client, id);
    if (Preconditions.of(request).notModified(group.etag())) {
      return notModified(group); // before reading what may be 50,000 members
    }
    return written(HttpStatus.OK, group, membersIfWanted(client, group, projection), projection);
  }

  @GetMapping("/Groups")
  ObjectNode listGroups(@RequestAttribute(CLIENT) ScimClient client, HttpServletRequest request) {
    return list(client, ResourceKind.GROUP, query(request.getParameterMap()));
  }

  @PostMapping("/Groups/.search")
  ObjectNode searchGroups(@RequestAttribute(CLIENT) ScimClient client, @RequestBody JsonNode body) {
    return list(client, ResourceKind.GROUP, query(body));
  }

  @PutMapping("/Groups/{id}")
  ResponseEntity<ObjectNode> replaceGroup(
      @RequestAttribute(CLIENT) ScimClient client,
      @PathVariable String id,
      @RequestBody JsonNode body,
      HttpServletRequest request) {
    Projection projection = AttributeNames.of(request);
    ScimGroups.Written replaced =
        groups.replace(client, id, body, Preconditions.of(request), wantsMembers(projection));
    return written(HttpStatus.OK, replaced.group(), replaced.members(), projection);
  }

  /**
   * 200 with the whole group, members included (RFC 7644 §3.5.2: "the entire resource"), unless
   * {@code attributes}/{@code excludedAttributes} asks for less: a client that PATCHes one member
   * of a very large group can say {@code excludedAttributes=members} (README, SCIM: "PATCH
   * answers").
   */
  @PatchMapping("/Groups/{id}")
  ResponseEntity<ObjectNode> patchGroup(
      @RequestAttribute(CLIENT) ScimClient client,
      @PathVariable String id,
      @RequestBody JsonNode body,
      HttpServletRequest request) {
    Projection projection = AttributeNames.of(request);
    ScimGroups.Written patched =
        groups.patch(client, id, body, Preconditions.of(request), wantsMembers(projection));
    return written(HttpStatus.OK, patched.group(), patched.members(), projection);
  }

  @DeleteMapping("/Groups/{id}")
  ResponseEntity<Void> deleteGroup(
      @RequestAttribute(CLIENT) ScimClient client,
      @PathVariable String id,
      HttpServletRequest request) {
    groups.delete(client, id, Preconditions.of(request));
    return ResponseEntity.noContent().build();
  }

  @RequestMapping("/**")
  void unknown(HttpServletRequest request) {
    throw new ScimError(404, null, "no SCIM endpoint at " + request.getServletPath());
  }

  // ─── helpers ───

  private Map<String, String> membersIfWanted(
      ScimClient client, StoredResource group, Projection projection) {
    return wantsMembers(projection) ? groups.members(client, group.id()) : null;
  }

  private static boolean wantsMembers(Projection projection) {
    return Representation.wantsMembers(projection.attributes(), projection.excluded());
  }

  /** 304 with the ETag and no body (RFC 7232 §4.1). */
  private static ResponseEntity<ObjectNode> notModified(StoredResource r) {
    return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(r.etag()).build();
  }

  private ResponseEntity<ObjectNode> written(
      HttpStatus status, StoredResource r, Map<String, String> members, Projection projection) {
    String base = baseUrl();
    ObjectNode node =
        Representation.project(
            Representation.of(r, members, base), projection.attributes(), projection.excluded());
    String location = Representation.location(r, base);
    var builder =
        ResponseEntity.status(status).eTag(r.etag()).header(HttpHeaders.CONTENT_LOCATION, location);
    if (status == HttpStatus.CREATED) {
      builder.header(HttpHeaders.LOCATION, location);
    }
    return builder.body(node);
  }

  private ObjectNode list(ScimClient client, ResourceKind kind, ScimListing.Query query) {
    ScimListing.Result result = listing.list(client.orgId(), kind, query, baseUrl());
    return Discovery.listResponse(result.resources(), result.total(), result.startIndex());
  }

  private static ScimListing.Query query(Map<String, String[]> params) {
    return new ScimListing.Query(
        one(params, "filter"),
        one(params, "sortBy"),
        one(params, "sortOrder"),
        integer(one(params, "startIndex")),
        integer(one(params, "count")),
        AttributeNames.parse("attributes", one(params, "attributes")),
        AttributeNames.parse("excludedAttributes", one(params, "excludedAttributes")));
  }

  private static ScimListing.Query query(JsonNode body) {
    if (!(body instanceof ObjectNode o)) {
      throw ScimError.badRequest("invalidSyntax", "a search body must be a SearchRequest object");
    }
    return new ScimListing.Query(
        o.path("filter").asText(null),
        o.path("sortBy").asText(null),
        o.path("sortOrder").asText(null),
        o.has("startIndex") ? o.get("startIndex").asInt() : null,
        o.has("count") ? o.get("count").asInt() : null,
        AttributeNames.parse("attributes", list(o.get("attributes"))),
        AttributeNames.parse("excludedAttributes", list(o.get("excludedAttributes"))));
  }

  private static List<String> list(JsonNode node) {
    if (node == null || !node.isArray()) {
      return List.of();
    }
    return java.util.stream.StreamSupport.stream(node.spliterator(), false)
        .map(JsonNode::asText)
        .toList();
  }

  private static String one(Map<String, String[]> params, String name) {
    for (Map.Entry<String, String[]> e : params.entrySet()) {
      if (e.getKey().equalsIgnoreCase(name) && e.getValue().length > 0) {
        return e.getValue()[0];
      }
    }
    return null;
  }

  private static Integer integer(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      throw ScimError.invalidValue("startIndex and count must be integers");
    }
  }

  private static void rejectFilter(String filter) {
    if (filter != null) {
      throw new ScimError(403, null, "discovery endpoints do not support filtering");
    }
  }

  private static String baseUrl() {
    return ServletUriComponentsBuilder.fromCurrentContextPath()
        .path(ScimConfiguration.BASE_PATH)
        .build()
        .toUriString();
  }
}

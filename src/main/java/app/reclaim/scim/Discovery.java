package app.reclaim.scim;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.utils.JsonUtils;
import java.util.List;

/**
 * ServiceProviderConfig and ResourceTypes (RFC 7643 §5-6), true to what this server does: PATCH,
 * filter (max 1000 per page), sort and ETags yes; bulk and password changes no.
 */
final class Discovery {

  private Discovery() {}

  static ObjectNode serviceProviderConfig(String baseUrl) {
    ObjectNode node = JsonUtils.getJsonNodeFactory().objectNode();
    node.putArray("schemas").add("urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig");
    node.put("documentationUri", "https://github.com/reclaim/reclaim#scim");
    node.putObject("patch").put("supported", true);
    node.putObject("bulk").put("supported", false).put("maxOperations", 0).put("maxPayloadSize", 0);
    node.putObject("filter").put("supported", true).put("maxResults", ScimListing.MAX_COUNT);
    node.putObject("changePassword").put("supported", false);
    node.putObject("sort").put("supported", true);
    node.putObject("etag").put("supported", true);
    ArrayNode schemes = node.putArray("authenticationSchemes");
    schemes
        .addObject()
        .put("type", "oauthbearertoken")
        .put("name", "SCIM bearer token")
        .put(
            "description",
            "A per-organization token created with the createScimToken mutation,"
                + " sent as Authorization: Bearer <token>")
        .put("primary", true);
    ObjectNode meta = node.putObject("meta");
    meta.put("resourceType", "ServiceProviderConfig");
    meta.put("location", baseUrl + "/ServiceProviderConfig");
    return node;
  }

  static List<ObjectNode> resourceTypes(String baseUrl) {
    return List.of(
        resourceType(baseUrl, ResourceKind.USER), resourceType(baseUrl, ResourceKind.GROUP));
  }

  static ObjectNode resourceType(String baseUrl, ResourceKind kind) {
    ObjectNode node = JsonUtils.getJsonNodeFactory().objectNode();
    node.putArray("schemas").add("urn:ietf:params:scim:schemas:core:2.0:ResourceType");
    node.put("id", kind.resourceType);
    node.put("name", kind.resourceType);
    node.put("endpoint", "/" + kind.endpoint);
    node.put("description", kind == ResourceKind.USER ? "User Account" : "Group");
    node.put("schema", kind.coreSchema);
    if (kind == ResourceKind.USER) {
      node.putArray("schemaExtensions")
          .addObject()
          .put("schema", ScimSchemas.ENTERPRISE)
          .put("required", false);
    }
    ObjectNode meta = node.putObject("meta");
    meta.put("resourceType", "ResourceType");
    meta.put("location", baseUrl + "/ResourceTypes/" + kind.resourceType);
    return node;
  }

  static ObjectNode listResponse(List<ObjectNode> resources, int total, int startIndex) {
    ObjectNode node = JsonUtils.getJsonNodeFactory().objectNode();
    node.putArray("schemas").add("urn:ietf:params:scim:api:messages:2.0:ListResponse");
    node.put("totalResults", total);
    node.put("startIndex", startIndex);
    node.put("itemsPerPage", resources.size());
    ArrayNode array = node.putArray("Resources");
    resources.forEach(array::add);
    return node;
  }
}

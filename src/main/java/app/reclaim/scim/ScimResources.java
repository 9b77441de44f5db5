package app.reclaim.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** What users and groups share on the way in: the schemas check and shaping. */
final class ScimResources {

  private ScimResources() {}

  /**
   * The body of a POST or PUT in the stored shape. {@code schemas} must name the resource's core
   * schema (OneLogin's SCIM 1.0 URN counts) and nothing unknown: 400 invalidSyntax otherwise.
   */
  static ObjectNode inbound(ResourceKind kind, JsonNode body) {
    if (!(body instanceof ObjectNode object)) {
      throw ScimError.badRequest("invalidSyntax", "the body must be a JSON object");
    }
    ObjectNode copy = object.deepCopy();
    OneLoginLegacySchemaUrn.apply(copy, kind);
    JsonNode schemas = copy.get("schemas");
    if (schemas == null
        || !schemas.isArray()
        || !ScimSchemas.containsUrn(schemas, kind.coreSchema)) {
      throw ScimError.badRequest("invalidSyntax", "schemas must contain " + kind.coreSchema);
    }
    for (int i = 0; i < schemas.size(); i++) {
      JsonNode s = schemas.get(i);
      if (!s.isTextual()
          || !(s.asText().equalsIgnoreCase(kind.coreSchema)
              || ScimSchemas.isExtensionOf(kind, s.asText()))) {
        // Named by position, not quoted: the value is the client's, of any length.
        throw ScimError.badRequest(
            "invalidSyntax",
            "schemas["
                + i
                + "] is not a schema of this resource type (see /ResourceTypes and /Schemas)");
      }
    }
    return ResourceShape.normalise(kind, copy);
  }
}

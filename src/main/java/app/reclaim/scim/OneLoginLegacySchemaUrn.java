package app.reclaim.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * OneLogin's "SCIM Provisioner" JSON templates commonly keep the SCIM 1.0 core URN {@code
 * urn:scim:schemas:core:1.0} in {@code schemas} (scim.dev guide; SCIM.md §1.1 OneLogin): read it as
 * the resource's 2.0 core schema rather than refusing the user.
 */
final class OneLoginLegacySchemaUrn {

  static final String LEGACY_CORE = "urn:scim:schemas:core:1.0";

  private OneLoginLegacySchemaUrn() {}

  static void apply(ObjectNode body, ResourceKind kind) {
    if (body.get("schemas") instanceof ArrayNode schemas) {
      for (int i = 0; i < schemas.size(); i++) {
        JsonNode s = schemas.get(i);
        if (s.isTextual() && s.asText().equalsIgnoreCase(LEGACY_CORE)) {
          schemas.set(i, kind.coreSchema);
        }
      }
    }
  }
}

package app.reclaim.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Okta renames a pushed group with a path-less {@code replace} whose value carries the group's own
 * {@code id} (okta-developer-docs scim-20 "Update a specific Group name"; SCIM.md §1.1 Okta). The
 * readOnly {@code id} is tolerated when unchanged and dropped; a different id is a mutability
 * error. {@code meta} and {@code schemas} in such a value are dropped too (authentik #23950).
 */
final class OktaReadOnlyIdInPatch {

  private OktaReadOnlyIdInPatch() {}

  static void apply(ObjectNode value, String currentId) {
    JsonNode id = value.remove("id");
    if (id != null && !id.isNull() && !id.asText().equals(currentId)) {
      throw ScimError.badRequest("mutability", "id is readOnly and cannot be changed");
    }
    value.remove("meta");
    value.remove("schemas");
  }
}

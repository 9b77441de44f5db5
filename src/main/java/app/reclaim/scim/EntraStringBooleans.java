package app.reclaim.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.types.AttributeDefinition;
import java.util.Collection;

/**
 * Entra ID without {@code aadOptscim062020} disables a user with {@code
 * {"op":"Replace","path":"active","value":"False"}}: a string where the schema says boolean
 * (MicrosoftDocs application-provisioning-config-problem-scim-compatibility.md; SCIM.md §1.1). Any
 * boolean attribute holding "true"/"false" in any case becomes a real boolean; other strings are
 * left for validation to refuse.
 */
final class EntraStringBooleans {

  private EntraStringBooleans() {}

  static void coerce(ObjectNode node, Collection<AttributeDefinition> attributes) {
    java.util.List<java.util.Map.Entry<String, JsonNode>> entries = new java.util.ArrayList<>();
    node.fields().forEachRemaining(entries::add);
    entries.forEach(
        e -> {
          AttributeDefinition def = ScimSchemas.find(attributes, e.getKey());
          if (def == null) {
            return;
          }
          JsonNode value = e.getValue();
          if (def.getType() == AttributeDefinition.Type.BOOLEAN && value.isTextual()) {
            String text = value.asText().strip();
            if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
              node.set(e.getKey(), BooleanNode.valueOf(Boolean.parseBoolean(text.toLowerCase())));
            }
          } else if (def.getType() == AttributeDefinition.Type.COMPLEX) {
            if (value instanceof ObjectNode object) {
              coerce(object, def.getSubAttributes());
            } else if (value instanceof ArrayNode array) {
              array.forEach(
                  v -> {
                    if (v instanceof ObjectNode object) {
                      coerce(object, def.getSubAttributes());
                    }
                  });
            }
          }
        });
  }
}

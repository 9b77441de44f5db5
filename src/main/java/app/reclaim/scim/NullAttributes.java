package app.reclaim.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 7643 §2.5: null and an empty array mean "unassigned". Entra sends explicit nulls ({@code
 * "addresses":null}, {@code "title":null}) and {@code "$ref":null} in members (SCIM.md §1.1 and §4;
 * MicrosoftDocs use-scim-to-provision-users-and-groups.md): they are dropped, never stored.
 */
final class NullAttributes {

  private NullAttributes() {}

  static void strip(ObjectNode node) {
    List<String> gone = new ArrayList<>();
    node.fields()
        .forEachRemaining(
            e -> {
              JsonNode value = e.getValue();
              if (value.isObject()) {
                strip((ObjectNode) value);
                if (value.isEmpty()) {
                  gone.add(e.getKey());
                }
              } else if (value.isArray()) {
                ArrayNode array = (ArrayNode) value;
                for (int i = array.size() - 1; i >= 0; i--) {
                  JsonNode element = array.get(i);
                  if (element.isNull()) {
                    array.remove(i);
                  } else if (element.isObject()) {
                    strip((ObjectNode) element);
                  }
                }
                if (array.isEmpty()) {
                  gone.add(e.getKey());
                }
              } else if (value.isNull()) {
                gone.add(e.getKey());
              }
            });
    node.remove(gone);
  }
}

package app.reclaim.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.utils.JsonUtils;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Entra with {@code aadOptscim062020} sends one path-less {@code replace} whose value has dotted
 * keys ({@code "name.givenName"}) and full-URN extension keys ({@code
 * "urn:…:enterprise:2.0:User:employeeNumber"}) (MicrosoftDocs
 * use-scim-to-provision-users-and-groups.md; SCIM-SDK #267). The SDK would store them as literal
 * top-level keys and add the URN to {@code schemas} (SCIM.md §4): they are nested first.
 */
final class EntraDottedPatchKeys {

  private EntraDottedPatchKeys() {}

  static ObjectNode nest(ObjectNode value) {
    ObjectNode out = JsonUtils.getJsonNodeFactory().objectNode();
    List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
    value.fields().forEachRemaining(entries::add);
    for (Map.Entry<String, JsonNode> e : entries) {
      String key = e.getKey();
      ObjectNode target = out;
      String urn = urnPrefix(key);
      if (urn != null) {
        // A core attribute qualified by its own schema URN is a top-level attribute (RFC 7644
        // §3.10).
        if (!urn.equals(ScimSchemas.USER) && !urn.equals(ScimSchemas.GROUP)) {
          target = object(out, urn);
        }
        key = key.substring(urn.length() + 1);
      }
      int dot = key.indexOf('.');
      if (dot > 0 && !key.startsWith("urn:")) {
        object(target, key.substring(0, dot)).set(key.substring(dot + 1), e.getValue());
      } else if (e.getValue().isObject() && target.get(key) instanceof ObjectNode existing) {
        existing.setAll((ObjectNode) e.getValue());
      } else {
        target.set(key, e.getValue());
      }
    }
    return out;
  }

  /** The schema URN a {@code urn:…:Schema:attr} key starts with, when it names a known schema. */
  private static String urnPrefix(String key) {
    if (!key.regionMatches(true, 0, "urn:", 0, 4)) {
      return null;
    }
    int colon = key.lastIndexOf(':');
    String urn = key.substring(0, colon);
    return ScimSchemas.byUrn(urn) != null && colon < key.length() - 1
        ? ScimSchemas.byUrn(urn).getId()
        : null;
  }

  private static ObjectNode object(ObjectNode parent, String name) {
    if (parent.get(name) instanceof ObjectNode existing) {
      return existing;
    }
    return parent.putObject(name);
  }
}

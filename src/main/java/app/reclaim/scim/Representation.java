package app.reclaim.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.utils.JsonUtils;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a client reads: the stored body with {@code schemas}, {@code id}, {@code meta} (and a
 * group's {@code members}), projected by {@code attributes}/{@code excludedAttributes} (RFC 7644
 * §3.4.2.5; {@code id} and {@code schemas} are always returned). Also the ids: time-ordered, so
 * ordering by id is creation order and pages stay stable while an IdP adds users (SCIM.md §5 case
 * 14).
 */
final class Representation {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Set<String> ALWAYS = Set.of("id", "schemas");

  private Representation() {}

  /** A UUID-shaped id whose first 48 bits are the creation time in ms (UUIDv7 layout). */
  static String newId() {
    byte[] random = new byte[10];
    RANDOM.nextBytes(random);
    String hex =
        String.format("%012x", System.currentTimeMillis()) + HexFormat.of().formatHex(random);
    char[] c = hex.toCharArray();
    c[12] = '7';
    return new String(c, 0, 8)
        + "-"
        + new String(c, 8, 4)
        + "-"
        + new String(c, 12, 4)
        + "-"
        + new String(c, 16, 4)
        + "-"
        + new String(c, 20, 12);
  }

  static ObjectNode of(StoredResource r, Map<String, String> members, String baseUrl) {
    ObjectNode node = JsonUtils.getJsonNodeFactory().objectNode();
    ArrayNode schemas = node.putArray("schemas").add(r.kind().coreSchema);
    if (r.body().has(ScimSchemas.ENTERPRISE)) {
      schemas.add(ScimSchemas.ENTERPRISE);
    }
    node.put("id", r.id());
    node.setAll(r.body().deepCopy());
    if (members != null) {
      ArrayNode array = node.putArray("members");
      members.forEach(
          (id, display) -> {
            ObjectNode m = array.addObject().put("value", id);
            m.put("$ref", baseUrl + "/Users/" + id);
            m.put("type", "User");
            if (display != null) {
              m.put("display", display);
            }
          });
    }
    ObjectNode meta = node.putObject("meta");
    meta.put("resourceType", r.kind().resourceType);
    meta.put("created", iso(r.created()));
    meta.put("lastModified", iso(r.lastModified()));
    meta.put("location", location(r, baseUrl));
    meta.put("version", r.etag());
    return node;
  }

  static String location(StoredResource r, String baseUrl) {
    return baseUrl + "/" + r.kind().endpoint + "/" + r.id();
  }

  private static String iso(Instant at) {
    return at == null ? null : at.toString();
  }

  /**
   * Whether a projection returns {@code members} (so a 50,000-member group is not read for
   * nothing).
   */
  static boolean wantsMembers(List<String> attributes, List<String> excluded) {
    if (!attributes.isEmpty()) {
      return attributes.stream()
          .anyMatch(
              a ->
                  a.toLowerCase(Locale.ROOT).startsWith("members")
                      || a.equalsIgnoreCase(ScimSchemas.GROUP + ":members"));
    }
    return excluded.stream()
        .noneMatch(
            a ->
                a.equalsIgnoreCase("members")
                    || a.equalsIgnoreCase(ScimSchemas.GROUP + ":members"));
  }

  static ObjectNode project(ObjectNode node, List<String> attributes, List<String> excluded) {
    if (!attributes.isEmpty()) {
      ObjectNode out = node.objectNode();
      for (String name : node.properties().stream().map(Map.Entry::getKey).toList()) {
        if (ALWAYS.contains(name)) {
          out.set(name, node.get(name));
          continue;
        }
        Set<String> subs = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        boolean whole = false;
        for (String a : attributes) {
          String local = stripCoreUrn(MicrosoftAttributesWithValueFilter.strip(a));
          if (local.equalsIgnoreCase(name)) {
            whole = true;
          } else if (local.regionMatches(true, 0, name + ".", 0, name.length() + 1)) {
            subs.add(local.substring(name.length() + 1));
          } else if (local.regionMatches(true, 0, name + ":", 0, name.length() + 1)) {
            subs.add(local.substring(name.length() + 1));
          }
        }
        JsonNode value = node.get(name);
        if (whole) {
          out.set(name, value);
        } else if (!subs.isEmpty()) {
          JsonNode kept = keepSubs(value, subs);
          if (kept != null && !kept.isEmpty()) {
            out.set(name, kept);
          }
        }
      }
      return out;
    }
    for (String a : excluded) {
      String local = stripCoreUrn(MicrosoftAttributesWithValueFilter.strip(a));
      int dot = local.indexOf('.');
      String top = dot > 0 ? local.substring(0, dot) : local;
      int colon = local.lastIndexOf(':');
      if (local.regionMatches(true, 0, "urn:", 0, 4) && colon > 0) {
        String urn = keyIgnoringCase(node, local.substring(0, colon)); // URNs: any case
        if (urn != null && node.get(urn) instanceof ObjectNode ext) {
          removeIgnoringCase(ext, local.substring(colon + 1));
        }
        continue;
      }
      String key = keyIgnoringCase(node, top);
      if (key == null || ALWAYS.contains(key)) {
        continue;
      }
      if (dot > 0) {
        JsonNode value = node.get(key);
        String sub = local.substring(dot + 1);
        if (value instanceof ObjectNode o) {
          removeIgnoringCase(o, sub);
        } else if (value instanceof ArrayNode array) {
          array.forEach(
              v -> {
                if (v instanceof ObjectNode o) {
                  removeIgnoringCase(o, sub);
                }
              });
        }
      } else {
        node.remove(key);
      }
    }
    return node;
  }

  private static JsonNode keepSubs(JsonNode value, Set<String> subs) {
    if (value instanceof ObjectNode o) {
      ObjectNode out = o.objectNode();
      o.properties()
          .forEach(
              e -> {
                if (subs.contains(e.getKey())) {
                  out.set(e.getKey(), e.getValue());
                }
              });
      return out;
    }
    if (value instanceof ArrayNode array) {
      ArrayNode out = array.arrayNode();
      array.forEach(v -> out.add(keepSubs(v, subs)));
      return out;
    }
    return null;
  }

  private static String stripCoreUrn(String attribute) {
    for (String core : List.of(ScimSchemas.USER, ScimSchemas.GROUP)) {
      if (attribute.regionMatches(true, 0, core + ":", 0, core.length() + 1)) {
        return attribute.substring(core.length() + 1);
      }
    }
    return attribute;
  }

  private static String keyIgnoringCase(ObjectNode node, String name) {
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      if (e.getKey().equalsIgnoreCase(name)) {
        return e.getKey();
      }
    }
    return null;
  }

  private static void removeIgnoringCase(ObjectNode node, String name) {
    String key = keyIgnoringCase(node, name);
    if (key != null) {
      node.remove(key);
    }
  }
}

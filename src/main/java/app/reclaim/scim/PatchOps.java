package app.reclaim.scim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.GenericScimResource;
import com.unboundid.scim2.common.Path;
import com.unboundid.scim2.common.exceptions.ScimException;
import com.unboundid.scim2.common.messages.PatchRequest;
import com.unboundid.scim2.common.utils.JsonUtils;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A PATCH request (RFC 7644 §3.5.2) checked and normalised before anything is applied: the PatchOp
 * schema and a non-empty {@code Operations} array (400 invalidSyntax), {@code op} in any case
 * (Entra sends {@code Replace}), paths that name attributes of the resource's schemas (400
 * invalidPath, {@link PatchPaths}; a qualified core name made plain, {@link QualifiedNames}), no
 * writes to readOnly attributes (400 mutability), and the IdP quirks that need the operation itself
 * (Okta's id in a path-less value, Entra's dotted keys and work-email upsert). Application uses the
 * SDK on an in-memory copy, so a request either applies whole or fails before anything is written.
 */
final class PatchOps {

  private static final Set<String> OPS = Set.of("add", "replace", "remove");

  private PatchOps() {}

  static List<ObjectNode> parse(ResourceKind kind, JsonNode body, String currentId) {
    if (!(body instanceof ObjectNode request)
        || !ScimSchemas.containsUrn(request.get("schemas"), ScimSchemas.PATCH_OP)) {
      throw ScimError.badRequest(
          "invalidSyntax", "a PATCH body needs schemas [" + ScimSchemas.PATCH_OP + "]");
    }
    JsonNode operations = operations(request);
    if (!(operations instanceof ArrayNode array) || array.isEmpty()) {
      throw ScimError.badRequest(
          "invalidSyntax", "a PATCH body needs a non-empty Operations array");
    }
    if (array.size() > RequestLimits.OPERATIONS) {
      throw ScimError.badRequest(
          "invalidSyntax",
          "a PATCH body has "
              + array.size()
              + " operations; at most "
              + RequestLimits.OPERATIONS
              + " are accepted");
    }
    List<ObjectNode> out = new ArrayList<>();
    for (JsonNode raw : array) {
      if (!(raw instanceof ObjectNode op)
          || !op.path("op").isTextual()
          || !OPS.contains(op.get("op").asText().toLowerCase(Locale.ROOT))) {
        throw ScimError.badRequest(
            "invalidSyntax", "each operation needs op add, replace or remove");
      }
      ObjectNode copy = op.deepCopy();
      copy.put("op", op.get("op").asText().toLowerCase(Locale.ROOT));
      if (copy.has("path") && (copy.get("path").isNull() || copy.get("path").asText().isBlank())) {
        copy.remove("path");
      }
      if (copy.has("path") && !copy.get("path").isTextual()) {
        throw ScimError.badRequest("invalidPath", "path must be a string");
      }
      if (copy.get("value") instanceof ObjectNode value) {
        NullAttributes.strip(value);
      }
      String path = copy.path("path").asText(null);
      if (path == null) {
        if (copy.get("op").asText().equals("remove")) {
          throw ScimError.badRequest("noTarget", "remove needs a path");
        }
        if (!(copy.get("value") instanceof ObjectNode value)) {
          throw ScimError.badRequest(
              "invalidValue", "an operation without path needs an object value");
        }
        OktaReadOnlyIdInPatch.apply(value, currentId);
        copy.set("value", EntraDottedPatchKeys.nest(value));
      } else {
        Path parsed = parsePath(path);
        PatchPaths.check(kind, parsed);
        if (parsed.getSchemaUrn() != null) {
          copy.put("path", QualifiedNames.local(kind, parsed).toString());
        }
        if (!copy.get("op").asText().equals("remove") && !copy.has("value")) {
          throw ScimError.badRequest("invalidValue", "add and replace need a value");
        }
      }
      out.add(copy);
    }
    return out;
  }

  private static JsonNode operations(ObjectNode request) {
    for (var e : request.properties()) {
      if (e.getKey().equalsIgnoreCase("Operations")) {
        return e.getValue();
      }
    }
    return null;
  }

  static Path parsePath(String path) {
    RequestLimits.check("invalidPath", "the path", path, RequestLimits.PATH);
    return ParseErrors.path("path", path, EntraWorkEmailFilter.rewrite(path), 0);
  }

  /** Applies the operations to a copy of {@code current}; the SDK's errors keep their scimType. */
  static ObjectNode apply(ObjectNode current, List<ObjectNode> ops) {
    ObjectNode target = current.deepCopy();
    List<ObjectNode> effective = new ArrayList<>();
    for (ObjectNode op : ops) {
      effective.add(EntraWorkEmailUpsert.apply(op, target));
    }
    ObjectNode request = JsonUtils.getJsonNodeFactory().objectNode();
    request.putArray("schemas").add(ScimSchemas.PATCH_OP);
    ArrayNode array = request.putArray("Operations");
    effective.forEach(array::add);
    try {
      PatchRequest patch = JsonUtils.getObjectReader().treeToValue(request, PatchRequest.class);
      GenericScimResource resource = new GenericScimResource(target);
      patch.apply(resource);
      return resource.getObjectNode();
    } catch (ScimException e) {
      throw ScimError.from(e);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw ScimError.badRequest("invalidSyntax", "the PATCH operations are not valid");
    }
  }
}

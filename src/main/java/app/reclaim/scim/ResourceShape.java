package app.reclaim.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.types.AttributeDefinition;
import com.unboundid.scim2.common.types.AttributeDefinition.Mutability;
import com.unboundid.scim2.common.types.AttributeDefinition.Type;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Brings an inbound resource to the stored shape and validates it against the schemas: attribute
 * names in their canonical case (RFC 7643 §2.1: names are case-insensitive; Entra sends {@code
 * ActiVe}), unknown and readOnly attributes dropped (RFC 7644 §3.3: ignore, not fail; {@code
 * password} is never stored), types checked (400 invalidValue), required attributes present.
 */
final class ResourceShape {

  private ResourceShape() {}

  /** The canonical, validated body (without id, meta, schemas' extras and members). */
  static ObjectNode normalise(ResourceKind kind, ObjectNode body) {
    NullAttributes.strip(body);
    OneLoginLegacySchemaUrn.apply(body, kind);
    ObjectNode out = body.objectNode();
    List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
    body.fields().forEachRemaining(entries::add);
    Collection<AttributeDefinition> core = ScimSchemas.core(kind).getAttributes();
    for (Map.Entry<String, JsonNode> e : entries) {
      String key = e.getKey();
      if (key.equalsIgnoreCase("externalId")) {
        requireType("externalId", e.getValue(), Type.STRING);
        out.set("externalId", e.getValue());
      } else if (ScimSchemas.isExtensionOf(kind, key)) {
        if (!e.getValue().isObject()) {
          throw ScimError.invalidValue(ScimSchemas.ENTERPRISE + " must be an object");
        }
        ObjectNode extension =
            shape(
                kind,
                (ObjectNode) e.getValue(),
                ScimSchemas.ENTERPRISE_SCHEMA.getAttributes(),
                ScimSchemas.ENTERPRISE);
        if (!extension.isEmpty()) {
          out.set(ScimSchemas.ENTERPRISE, extension);
        }
      } else if (key.equalsIgnoreCase("manager") && kind == ResourceKind.USER) {
        out.set("manager", e.getValue());
      } else {
        AttributeDefinition def = ScimSchemas.find(core, key);
        if (def != null
            && def.getMutability() != Mutability.READ_ONLY
            && !def.getName().equals("password")) {
          out.set(def.getName(), value(def, e.getValue(), def.getName()));
        }
      }
    }
    EntraStringBooleans.coerce(out, core);
    if (out.get(ScimSchemas.ENTERPRISE) instanceof ObjectNode extension) {
      EntraStringBooleans.coerce(extension, ScimSchemas.ENTERPRISE_SCHEMA.getAttributes());
    }
    if (kind == ResourceKind.USER) {
      EntraManagerForms.apply(out);
    }
    validateTypes(out, core, "");
    String unique = kind.uniqueAttribute();
    if (!out.path(unique).isTextual() || out.get(unique).asText().isBlank()) {
      throw ScimError.invalidValue(unique + " is required");
    }
    ScimLimits.check(kind, out);
    return out;
  }

  private static ObjectNode shape(
      ResourceKind kind,
      ObjectNode node,
      Collection<AttributeDefinition> attributes,
      String where) {
    ObjectNode out = node.objectNode();
    node.fields()
        .forEachRemaining(
            e -> {
              AttributeDefinition def = ScimSchemas.find(attributes, e.getKey());
              if (def != null && def.getMutability() != Mutability.READ_ONLY) {
                out.set(def.getName(), value(def, e.getValue(), where + ":" + def.getName()));
              }
            });
    return out;
  }

  private static JsonNode value(AttributeDefinition def, JsonNode value, String name) {
    if (def.getType() != Type.COMPLEX || def.getSubAttributes() == null) {
      return value;
    }
    if (value instanceof ObjectNode object) {
      return subAttributes(def, object, name);
    }
    if (value instanceof ArrayNode array) {
      ArrayNode out = array.arrayNode();
      array.forEach(v -> out.add(v instanceof ObjectNode o ? subAttributes(def, o, name) : v));
      return out;
    }
    return value;
  }

  private static ObjectNode subAttributes(AttributeDefinition def, ObjectNode object, String name) {
    ObjectNode out = object.objectNode();
    object
        .fields()
        .forEachRemaining(
            e -> {
              AttributeDefinition sub = ScimSchemas.find(def.getSubAttributes(), e.getKey());
              if (sub != null) {
                out.set(sub.getName(), e.getValue());
              } else if (e.getKey().equals("$ref")) {
                out.set("$ref", e.getValue());
              }
            });
    return out;
  }

  private static void validateTypes(
      ObjectNode node, Collection<AttributeDefinition> attributes, String prefix) {
    node.fields()
        .forEachRemaining(
            e -> {
              AttributeDefinition def = ScimSchemas.find(attributes, e.getKey());
              if (def == null) {
                if (e.getValue() instanceof ObjectNode ext
                    && ScimSchemas.ENTERPRISE.equals(e.getKey())) {
                  validateTypes(
                      ext, ScimSchemas.ENTERPRISE_SCHEMA.getAttributes(), e.getKey() + ":");
                }
                return;
              }
              String name = prefix + def.getName();
              JsonNode value = e.getValue();
              if (def.isMultiValued()) {
                if (!value.isArray()) {
                  throw ScimError.invalidValue(name + " must be an array");
                }
                value.forEach(v -> check(def, v, name));
              } else {
                check(def, value, name);
              }
            });
  }

  private static void check(AttributeDefinition def, JsonNode value, String name) {
    if (def.getType() == Type.COMPLEX) {
      if (!value.isObject()) {
        throw ScimError.invalidValue(name + " must be an object");
      }
      if (def.getSubAttributes() != null) {
        value
            .fields()
            .forEachRemaining(
                e -> {
                  AttributeDefinition sub = ScimSchemas.find(def.getSubAttributes(), e.getKey());
                  if (sub != null) {
                    check(sub, e.getValue(), name + "." + sub.getName());
                  }
                });
      }
      return;
    }
    requireType(name, value, def.getType());
  }

  private static void requireType(String name, JsonNode value, Type type) {
    boolean ok =
        switch (type) {
          case STRING, REFERENCE, BINARY -> value.isTextual();
          case BOOLEAN -> value.isBoolean();
          case INTEGER -> value.isIntegralNumber();
          case DECIMAL -> value.isNumber();
          case DATETIME -> value.isTextual() && isDateTime(value.asText());
          case COMPLEX -> value.isObject();
        };
    if (!ok) {
      throw ScimError.invalidValue(name + " must be of type " + type.getName());
    }
  }

  private static boolean isDateTime(String text) {
    try {
      OffsetDateTime.parse(text);
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }
}

package app.reclaim.scim;

import com.unboundid.scim2.common.Path;
import com.unboundid.scim2.common.filters.Filter;
import com.unboundid.scim2.common.types.AttributeDefinition;
import com.unboundid.scim2.common.types.AttributeDefinition.Mutability;
import com.unboundid.scim2.common.utils.SchemaUtils;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A PATCH path must name an attribute of the resource's schemas (RFC 7644 §3.5.2: "invalidPath"
 * otherwise): with or without the schema URN, each sub-attribute and each attribute a value filter
 * compares. A readOnly attribute ({@code id}, {@code meta}, a user's {@code groups}) is a
 * "mutability" error. The metadata is the SDK's ({@link ScimSchemas}); the SDK's own {@code
 * SchemaChecker} is in {@code scim2-sdk-server}, which Maven Central publishes only up to 4.0.0
 * (against common 5.0.0 here) with a JAX-RS dependency, and it would refuse Entra's bare {@code
 * manager} path that {@link EntraManagerForms} accepts.
 */
final class PatchPaths {

  private PatchPaths() {}

  static void check(ResourceKind kind, Path path) {
    String urn = path.getSchemaUrn();
    Collection<AttributeDefinition> level;
    if (urn == null || urn.equalsIgnoreCase(kind.coreSchema)) {
      level = new ArrayList<>(ScimSchemas.core(kind).getAttributes());
      level.addAll(SchemaUtils.COMMON_ATTRIBUTE_DEFINITIONS);
    } else if (ScimSchemas.isExtensionOf(kind, urn)) {
      level = ScimSchemas.byUrn(urn).getAttributes();
    } else if (path.size() == 1 && ScimSchemas.isExtensionOf(kind, urn + ":" + first(path))) {
      return; // the whole extension object: the SDK reads "urn:…:2.0:User" as urn "urn:…:2.0"
    } else {
      throw unknown(kind, path);
    }
    if (urn == null && path.size() == 1 && EntraManagerForms.isBareManager(kind, first(path))) {
      return;
    }
    for (Path.Element element : path) {
      AttributeDefinition def = ScimSchemas.find(level, element.getAttribute());
      if (def == null) {
        throw unknown(kind, path);
      }
      if (def.getMutability() == Mutability.READ_ONLY) {
        throw ScimError.badRequest("mutability", names(path) + " is readOnly");
      }
      if (element.getValueFilter() != null) {
        if (!def.isMultiValued() || def.getSubAttributes() == null) {
          throw ScimError.badRequest(
              "invalidPath", def.getName() + " is not multi-valued: it takes no value filter");
        }
        compared(element.getValueFilter(), def, kind, path);
      }
      level = def.getSubAttributes();
    }
  }

  /** The attributes a value filter compares must be sub-attributes of the filtered attribute. */
  private static void compared(
      Filter filter, AttributeDefinition def, ResourceKind kind, Path path) {
    if (filter.isCombiningFilter()) {
      for (Filter part : filter.getCombinedFilters()) {
        compared(part, def, kind, path);
      }
    } else if (filter.isNotFilter()) {
      compared(filter.getInvertedFilter(), def, kind, path);
    } else {
      Path compared = filter.getAttributePath();
      if (compared == null
          || compared.getSchemaUrn() != null
          || compared.size() != 1
          || ScimSchemas.find(def.getSubAttributes(), first(compared)) == null) {
        throw unknown(kind, path);
      }
    }
  }

  private static String first(Path path) {
    return path.getElement(0).getAttribute();
  }

  private static ScimError unknown(ResourceKind kind, Path path) {
    return ScimError.badRequest(
        "invalidPath", names(path) + " is not an attribute of a " + kind.resourceType);
  }

  /** The path's attribute names only: a value filter may hold an email. */
  private static String names(Path path) {
    List<String> names = new ArrayList<>();
    for (Path.Element element : path) {
      names.add(element.getAttribute());
    }
    String joined = names.stream().collect(Collectors.joining("."));
    return path.getSchemaUrn() == null ? joined : path.getSchemaUrn() + ":" + joined;
  }
}

package app.reclaim.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.utils.JsonUtils;

/**
 * Entra sends the manager as {@code Add path "manager"} with {@code [{"$ref":…,"value":…}]}
 * (MicrosoftDocs use-scim-to-provision-users-and-groups.md, example 5), which the SDK stores as a
 * core {@code manager} array, or as a plain string on {@code urn:…:enterprise:2.0:User:manager}
 * (Captain-P-Goldfish SCIM-SDK #541). Both become the enterprise extension's canonical {@code
 * manager: {"value": id}} (SCIM.md §4).
 */
final class EntraManagerForms {

  private static final java.util.regex.Pattern BARE_MANAGER_EQ =
      java.util.regex.Pattern.compile("(?i)(?<![\\w:.\\[])manager(\\.value)?\\s+eq\\s");

  private EntraManagerForms() {}

  /**
   * Entra checks {@code id eq "…" and manager eq "…"} before a manager update (MicrosoftDocs
   * use-scim-to-provision-users-and-groups.md): the bare {@code manager} names the enterprise
   * extension's complex attribute, compared by its {@code value}.
   */
  static String rewriteFilter(String filter) {
    return filter == null
        ? null
        : BARE_MANAGER_EQ
            .matcher(filter)
            .replaceAll(
                java.util.regex.Matcher.quoteReplacement(
                    ScimSchemas.ENTERPRISE + ":manager.value eq "));
  }

  /** {@code Add path "manager"}: no core User attribute, but the enterprise one Entra means. */
  static boolean isBareManager(ResourceKind kind, String attribute) {
    return kind == ResourceKind.USER && attribute.equalsIgnoreCase("manager");
  }

  static void apply(ObjectNode body) {
    JsonNode core = body.remove("manager");
    ObjectNode extension = body.get(ScimSchemas.ENTERPRISE) instanceof ObjectNode e ? e : null;
    JsonNode manager = core != null ? core : extension == null ? null : extension.get("manager");
    if (manager == null) {
      return;
    }
    if (manager.isArray()) {
      manager = manager.isEmpty() ? null : manager.get(0);
    }
    ObjectNode canonical = null;
    if (manager != null && manager.isTextual() && !manager.asText().isBlank()) {
      canonical = JsonUtils.getJsonNodeFactory().objectNode().put("value", manager.asText());
    } else if (manager != null && manager.isObject() && manager.path("value").isTextual()) {
      canonical =
          JsonUtils.getJsonNodeFactory().objectNode().put("value", manager.get("value").asText());
      if (manager.path("displayName").isTextual()) {
        canonical.put("displayName", manager.get("displayName").asText());
      }
    }
    if (canonical == null) {
      if (extension != null) {
        extension.remove("manager");
      }
      return;
    }
    if (extension == null) {
      extension = body.putObject(ScimSchemas.ENTERPRISE);
    }
    extension.set("manager", canonical);
  }
}

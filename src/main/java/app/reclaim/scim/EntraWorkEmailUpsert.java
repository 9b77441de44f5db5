package app.reclaim.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.utils.JsonUtils;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Entra replaces {@code emails[type eq "work"].value} on users that have no work email and expects
 * the email to be created; the RFC says 400 noTarget and the SDK answers that (SCIM.md §1.1, §4;
 * Entra SCIM Validator "Patch User - Add Attributes", Captain-P-Goldfish SCIM-SDK #416). Such a
 * replace becomes an add of {@code {type, value}} when nothing matches; only for an {@code eq}
 * filter on {@code type}, so every other no-match stays noTarget.
 */
final class EntraWorkEmailUpsert {

  private static final Pattern TYPE_EQ =
      Pattern.compile(
          "(?i)^(emails|phoneNumbers|addresses)\\[\\s*type\\s+eq\\s+\"([^\"]*)\"\\s*\\]\\.([A-Za-z]+)$");

  private EntraWorkEmailUpsert() {}

  /** The operation to apply instead, or the same one. */
  static ObjectNode apply(ObjectNode op, ObjectNode current) {
    String path = op.path("path").asText("");
    Matcher m = TYPE_EQ.matcher(path.strip());
    if (!op.path("op").asText("").equalsIgnoreCase("replace") || !m.matches()) {
      return op;
    }
    String attribute = m.group(1);
    String type = m.group(2);
    for (JsonNode element : current.path(canonical(attribute))) {
      if (element.path("type").asText("").equalsIgnoreCase(type)) {
        return op;
      }
    }
    ObjectNode upsert = JsonUtils.getJsonNodeFactory().objectNode();
    upsert.put("op", "add");
    upsert.put("path", path);
    upsert.set("value", op.get("value"));
    return upsert;
  }

  private static String canonical(String attribute) {
    return switch (attribute.toLowerCase(Locale.ROOT)) {
      case "emails" -> "emails";
      case "phonenumbers" -> "phoneNumbers";
      default -> "addresses";
    };
  }
}

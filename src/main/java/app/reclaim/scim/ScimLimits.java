package app.reclaim.scim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.utils.JsonUtils;
import java.util.Map;
import java.util.Set;

/**
 * The limits on what a SCIM client may store: characters per string attribute, values per
 * multi-valued attribute, bytes per resource, and the text rules of {@link ScimText}. The numbers
 * and where each comes from are in docs/scim-limits.md, which tests hold to this table. Checked on
 * the resource as it would be stored (after shaping; for PATCH after applying the operations to an
 * in-memory copy), so a request fails whole with 400 invalidValue before anything is written.
 */
final class ScimLimits {

  /** A stored resource's JSON, members aside: far above any IdP's user, far below Cassandra's. */
  static final int MAX_RESOURCE_BYTES = 1 << 20;

  static final int MEMBER_ID = 128;
  static final int MEMBER_DISPLAY = 1024;

  private static final String EXT = ScimSchemas.ENTERPRISE + ":";

  // Tiers (docs/scim-limits.md says where each comes from).
  private static final int ID = 1024;

  /** Names the directory mirrors (DirectoryLink): its names hold 512 characters. */
  private static final int DIRECTORY_NAME = 512;

  /** givenName + " " + familyName is the directory's name when there is no displayName. */
  private static final int NAME_PART = 255;

  private static final int CODE = 256;
  private static final int TEXT = 2048;
  private static final int CERTIFICATE = 16_384;

  static final Map<String, Integer> USER_LENGTHS =
      Map.ofEntries(
          Map.entry("userName", ID),
          Map.entry("externalId", ID),
          Map.entry("displayName", DIRECTORY_NAME),
          Map.entry("nickName", NAME_PART),
          Map.entry("title", ID),
          Map.entry("userType", CODE),
          Map.entry("preferredLanguage", CODE),
          Map.entry("locale", CODE),
          Map.entry("timezone", CODE),
          Map.entry("profileUrl", TEXT),
          Map.entry("name.formatted", DIRECTORY_NAME),
          Map.entry("name.familyName", NAME_PART),
          Map.entry("name.givenName", NAME_PART),
          Map.entry("name.middleName", NAME_PART),
          Map.entry("name.honorificPrefix", NAME_PART),
          Map.entry("name.honorificSuffix", NAME_PART),
          Map.entry("emails.value", ID),
          Map.entry("emails.display", ID),
          Map.entry("emails.type", CODE),
          Map.entry("phoneNumbers.value", CODE),
          Map.entry("phoneNumbers.display", ID),
          Map.entry("phoneNumbers.type", CODE),
          Map.entry("ims.value", ID),
          Map.entry("ims.display", ID),
          Map.entry("ims.type", CODE),
          Map.entry("photos.value", TEXT),
          Map.entry("photos.display", ID),
          Map.entry("photos.type", CODE),
          Map.entry("addresses.formatted", TEXT),
          Map.entry("addresses.streetAddress", TEXT),
          Map.entry("addresses.locality", ID),
          Map.entry("addresses.region", ID),
          Map.entry("addresses.postalCode", CODE),
          Map.entry("addresses.country", CODE),
          Map.entry("addresses.type", CODE),
          Map.entry("entitlements.value", ID),
          Map.entry("entitlements.display", ID),
          Map.entry("entitlements.type", CODE),
          Map.entry("roles.value", ID),
          Map.entry("roles.display", ID),
          Map.entry("roles.type", CODE),
          Map.entry("x509Certificates.value", CERTIFICATE),
          Map.entry("x509Certificates.display", ID),
          Map.entry("x509Certificates.type", CODE),
          Map.entry(EXT + "employeeNumber", CODE),
          Map.entry(EXT + "costCenter", ID),
          Map.entry(EXT + "organization", ID),
          Map.entry(EXT + "division", ID),
          Map.entry(EXT + "department", ID),
          Map.entry(EXT + "manager.value", ID),
          Map.entry(EXT + "manager.displayName", ID));

  static final Map<String, Integer> GROUP_LENGTHS =
      Map.of(
          "displayName", DIRECTORY_NAME,
          "externalId", ID,
          "members.value", MEMBER_ID,
          "members.display", MEMBER_DISPLAY);

  /** Values per multi-valued attribute; group members are rows of their own and not counted. */
  static final Map<String, Integer> USER_VALUES =
      Map.of(
          "emails", 100,
          "phoneNumbers", 100,
          "ims", 100,
          "photos", 100,
          "addresses", 100,
          "x509Certificates", 100,
          "entitlements", 1000,
          "roles", 1000);

  /** RFC 7643 §4.1.2: these two MAY contain newlines. */
  private static final Set<String> MULTI_LINE =
      Set.of("addresses.formatted", "addresses.streetAddress");

  private ScimLimits() {}

  /** 400 invalidValue naming the first attribute over its limit, if any. */
  static void check(ResourceKind kind, ObjectNode resource) {
    Map<String, Integer> lengths = kind == ResourceKind.USER ? USER_LENGTHS : GROUP_LENGTHS;
    long bytes = 0;
    for (Map.Entry<String, JsonNode> field : resource.properties()) {
      String name = field.getKey();
      if (kind == ResourceKind.GROUP && name.equals("members")) {
        continue; // checked one by one as membership changes (MemberChanges)
      }
      if (name.equals(ScimSchemas.ENTERPRISE) && field.getValue().isObject()) {
        for (Map.Entry<String, JsonNode> e : field.getValue().properties()) {
          walk(EXT + e.getKey(), e.getValue(), lengths);
        }
      } else {
        walk(name, field.getValue(), lengths);
      }
      bytes += jsonBytes(field.getValue()) + name.length() + 4;
    }
    if (bytes > MAX_RESOURCE_BYTES) {
      throw ScimError.invalidValue(
          "the "
              + kind.resourceType
              + " is "
              + bytes
              + " bytes of JSON; at most "
              + MAX_RESOURCE_BYTES
              + " are stored");
    }
  }

  /** The longest userName (users) or displayName (groups) there can be. */
  static int uniqueNameMax(ResourceKind kind) {
    return (kind == ResourceKind.USER ? USER_LENGTHS : GROUP_LENGTHS).get(kind.uniqueAttribute());
  }

  /** A member id or display name of a group change (POST, PUT or PATCH). */
  static void checkMember(String attribute, String value, int max) {
    checkString(attribute, value, max, false);
  }

  private static void walk(String path, JsonNode value, Map<String, Integer> lengths) {
    if (value.isTextual()) {
      checkString(path, value.asText(), lengths.getOrDefault(path, ID), MULTI_LINE.contains(path));
    } else if (value.isArray()) {
      Integer max = USER_VALUES.get(path);
      if (max != null && value.size() > max) {
        throw ScimError.invalidValue(
            path + " may have at most " + max + " values; this one has " + value.size());
      }
      value.forEach(element -> walk(path, element, lengths));
    } else if (value.isObject()) {
      value.properties().forEach(e -> walk(path + "." + e.getKey(), e.getValue(), lengths));
    }
  }

  private static void checkString(String path, String value, int max, boolean multiLine) {
    if (value.length() > max && ScimText.length(value) > max) {
      throw ScimError.invalidValue(
          path
              + " must be at most "
              + max
              + " characters (Unicode code points); this one has "
              + ScimText.length(value));
    }
    String problem = ScimText.problem(value, multiLine);
    if (problem != null) {
      throw ScimError.invalidValue(path + " " + problem);
    }
  }

  private static long jsonBytes(JsonNode value) {
    try {
      return JsonUtils.getObjectWriter().writeValueAsBytes(value).length;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}

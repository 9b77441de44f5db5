package app.reclaim.scim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * One SCIM resource as stored: {@code body} is the resource JSON without id, meta and members;
 * {@code accountId} the directory account a user is linked to (null for groups).
 */
record StoredResource(
    ResourceKind kind,
    String id,
    ObjectNode body,
    long version,
    String accountId,
    Instant created,
    Instant lastModified) {

  String etag() {
    return "W/\"" + version + "\"";
  }

  /** The claim key of the unique attribute (userName or displayName), or null. */
  String nameKey() {
    return ScimRepository.nameKey(body.path(kind.uniqueAttribute()).asText(null));
  }

  /** Every key a claim of this name may have: {@link #nameKey} and a pre-NFC one. */
  java.util.List<String> nameKeys() {
    String legacy = ScimRepository.legacyNameKey(body.path(kind.uniqueAttribute()).asText(null));
    String key = nameKey();
    if (key == null) {
      return java.util.List.of();
    }
    return legacy == null ? java.util.List.of(key) : java.util.List.of(key, legacy);
  }
}

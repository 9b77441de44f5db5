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

  /** The lower-cased value of the unique attribute (userName or displayName), or null. */
  String nameKey() {
    return ScimRepository.nameKey(body.path(kind.uniqueAttribute()).asText(null));
  }
}

package app.reclaim.scim;

import app.reclaim.store.KeyspaceRouter;
import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.Row;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Repository;

/**
 * SCIM tokens: the hash → org row in the control keyspace (what authentication reads) and the org's
 * listing in its region keyspace (what admins see).
 */
@Repository
class ScimTokenRepository {

  private static final String INSERT_HASH =
      "INSERT INTO scim_tokens (token_hash, org_id, token_id,"
          + " label, created_at) VALUES (?, ?, ?, ?, ?)";
  private static final String FIND_HASH =
      "SELECT org_id, token_id, label FROM scim_tokens" + " WHERE token_hash = ?";
  private static final String DELETE_HASH = "DELETE FROM scim_tokens WHERE token_hash = ?";
  private static final String INSERT_LISTED =
      "INSERT INTO scim_tokens (org_id, token_id, token_hash,"
          + " label, created_at) VALUES (?, ?, ?, ?, ?)";
  private static final String LIST =
      "SELECT token_id, token_hash, label, created_at, last_used_at"
          + " FROM scim_tokens WHERE org_id = ?";
  private static final String DELETE_LISTED =
      "DELETE FROM scim_tokens WHERE org_id = ? AND token_id = ?";
  private static final String TOUCH =
      "UPDATE scim_tokens SET last_used_at = ? WHERE org_id = ?" + " AND token_id = ?";

  private final KeyspaceRouter router;

  ScimTokenRepository(KeyspaceRouter router) {
    this.router = router;
  }

  record Listed(String id, String hash, String label, Instant createdAt, Instant lastUsedAt) {}

  record Resolved(String orgId, String tokenId, String label) {}

  /**
   * The listing first, then the hash: a crash in between leaves a listed token that cannot
   * authenticate.
   */
  void save(String region, String orgId, String tokenId, String hash, String label, Instant now) {
    router
        .session()
        .execute(
            router
                .prepareInRegion(region, INSERT_LISTED)
                .bind(orgId, tokenId, hash, label, now)
                .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM));
    router
        .session()
        .execute(
            router
                .prepareControl(INSERT_HASH)
                .bind(hash, orgId, tokenId, label, now)
                .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM));
  }

  Optional<Resolved> resolve(String hash) {
    Row row =
        router
            .session()
            .execute(
                router
                    .prepareControl(FIND_HASH)
                    .bind(hash)
                    .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM))
            .one();
    return Optional.ofNullable(row)
        .map(
            r ->
                new Resolved(r.getString("org_id"), r.getString("token_id"), r.getString("label")));
  }

  List<Listed> list(String region, String orgId) {
    List<Listed> out = new ArrayList<>();
    for (Row r :
        router
            .session()
            .execute(
                router
                    .prepareInRegion(region, LIST)
                    .bind(orgId)
                    .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM))) {
      out.add(
          new Listed(
              r.getString("token_id"),
              r.getString("token_hash"),
              r.getString("label"),
              r.getInstant("created_at"),
              r.getInstant("last_used_at")));
    }
    return out;
  }

  /** The hash first: once it is gone the token no longer authenticates, whatever happens next. */
  void delete(String region, String orgId, Listed token) {
    router
        .session()
        .execute(
            router
                .prepareControl(DELETE_HASH)
                .bind(token.hash())
                .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM));
    router
        .session()
        .execute(
            router
                .prepareInRegion(region, DELETE_LISTED)
                .bind(orgId, token.id())
                .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM));
  }

  void touch(String region, String orgId, String tokenId, Instant at) {
    router
        .session()
        .executeAsync(
            router
                .prepareInRegion(region, TOUCH)
                .bind(at, orgId, tokenId)
                .setConsistencyLevel(ConsistencyLevel.LOCAL_ONE));
  }
}

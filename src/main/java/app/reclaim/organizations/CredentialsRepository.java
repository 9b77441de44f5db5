package app.reclaim.organizations;

import app.reclaim.store.KeyspaceRouter;
import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.Row;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import org.springframework.stereotype.Repository;

/** The {@code credentials} table of an org's region keyspace; holds ciphertexts only. */
@Repository
class CredentialsRepository {

  // A new key starts unverified: the verification columns are cleared with it.
  private static final String INSERT =
      "INSERT INTO credentials (org_id, api_key_jwe, key_id,"
          + " expires_on, verified_at, last_verified_at, last_verification_ok, last_verification_message,"
          + " updated_at) VALUES (?, ?, ?, ?, null, null, null, null, ?)";
  private static final String SELECT =
      "SELECT api_key_jwe, key_id, expires_on, verified_at,"
          + " last_verified_at, last_verification_ok, last_verification_message, updated_at"
          + " FROM credentials WHERE org_id = ?";
  private static final String RECORD_SUCCESS =
      "UPDATE credentials SET verified_at = ?,"
          + " last_verified_at = ?, last_verification_ok = true, last_verification_message = ?"
          + " WHERE org_id = ?";
  private static final String RECORD_FAILURE =
      "UPDATE credentials SET last_verified_at = ?,"
          + " last_verification_ok = false, last_verification_message = ? WHERE org_id = ?";
  // Compare-and-set on the ciphertext read: a key an admin sets while re-encryption runs is never
  // overwritten by the re-encrypted old one.
  private static final String REPLACE_CIPHERTEXT =
      "UPDATE credentials SET api_key_jwe = ?," + " key_id = ? WHERE org_id = ? IF api_key_jwe = ?";

  private final KeyspaceRouter router;

  CredentialsRepository(KeyspaceRouter router) {
    this.router = router;
  }

  /** One org's stored credentials; {@code ciphertext} is null when none were ever set. */
  record Stored(
      String ciphertext,
      String keyId,
      LocalDate expiresOn,
      Instant verifiedAt,
      Instant lastVerifiedAt,
      Boolean lastVerificationOk,
      String lastVerificationMessage,
      Instant updatedAt) {

    /** The ciphertext stays out of log lines and assertion messages. */
    @Override
    public String toString() {
      return "Stored[keyId="
          + keyId
          + ", expiresOn="
          + expiresOn
          + ", updatedAt="
          + updatedAt
          + "]";
    }
  }

  Optional<Stored> find(String region, String orgId) {
    Row row =
        router
            .session()
            .execute(
                router
                    .prepareInRegion(region, SELECT)
                    .bind(orgId)
                    .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM))
            .one();
    return Optional.ofNullable(row)
        .filter(r -> r.getString("api_key_jwe") != null)
        .map(CredentialsRepository::stored);
  }

  void save(
      String region,
      String orgId,
      String ciphertext,
      String keyId,
      LocalDate expiresOn,
      Instant now) {
    router
        .session()
        .execute(
            router
                .prepareInRegion(region, INSERT)
                .bind(orgId, ciphertext, keyId, expiresOn, now)
                .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM));
  }

  void recordVerification(String region, String orgId, boolean ok, String message, Instant at) {
    var statement =
        ok
            ? router.prepareInRegion(region, RECORD_SUCCESS).bind(at, at, message, orgId)
            : router.prepareInRegion(region, RECORD_FAILURE).bind(at, message, orgId);
    router.session().execute(statement.setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM));
  }

  /** Replaces the ciphertext if it is still {@code expected}; false when it changed meanwhile. */
  boolean replaceCiphertext(
      String region, String orgId, String expected, String ciphertext, String keyId) {
    return router
        .session()
        .execute(
            router
                .prepareInRegion(region, REPLACE_CIPHERTEXT)
                .bind(ciphertext, keyId, orgId, expected)
                .setSerialConsistencyLevel(ConsistencyLevel.LOCAL_SERIAL)
                .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM))
        .wasApplied();
  }

  private static Stored stored(Row row) {
    return new Stored(
        row.getString("api_key_jwe"),
        row.getString("key_id"),
        row.getLocalDate("expires_on"),
        row.getInstant("verified_at"),
        row.getInstant("last_verified_at"),
        row.isNull("last_verification_ok") ? null : row.getBoolean("last_verification_ok"),
        row.getString("last_verification_message"),
        row.getInstant("updated_at"));
  }
}

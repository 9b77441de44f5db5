package app.reclaim.organizations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.reclaim.IntegrationTest;
import app.reclaim.security.SecretCipher;
import app.reclaim.security.SecretCipherException;
import app.reclaim.store.KeyspaceRouter;
import com.datastax.oss.driver.api.core.cql.Row;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Rotating the secrets key: credentials written under k1, then k2 made active. The services under
 * test are built here with their own keys, so the shared context keeps its key; the rows they write
 * are deleted afterwards, since the next start would otherwise find keys it cannot read.
 */
class CredentialsRotationIntegrationTests extends IntegrationTest {

  static final byte[] K1 = randomKey();
  static final byte[] K2 = randomKey();

  @Autowired OrganizationService organizations;

  @Autowired KeyspaceRouter router;

  final SecretCipher k1Only = new SecretCipher(Map.of("rot-k1", K1), "rot-k1");
  final SecretCipher k2Active = new SecretCipher(Map.of("rot-k1", K1, "rot-k2", K2), "rot-k2");
  final SecretCipher k2Only = new SecretCipher(Map.of("rot-k2", K2), "rot-k2");
  final Map<String, String> orgs = Map.of(freshOrgId(), "eu", freshOrgId(), "us");

  static byte[] randomKey() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return key;
  }

  CredentialsService service(SecretCipher cipher) {
    return new CredentialsService(
        organizations,
        new OrganizationRepository(router),
        new CredentialsRepository(router),
        cipher,
        Clock.systemUTC());
  }

  Row stored(String orgId) {
    return router
        .session()
        .execute(
            router
                .prepareInRegion(
                    orgs.get(orgId), "SELECT key_id, api_key_jwe FROM credentials WHERE org_id = ?")
                .bind(orgId))
        .one();
  }

  @BeforeEach
  void installUnderK1() {
    orgs.forEach(
        (orgId, region) -> {
          organizations.install(new InstallOrganization(orgId, "Rotated " + region, region));
          service(k1Only).set(orgId, apiKeyOf(orgId), LocalDate.now(ZoneOffset.UTC).plusDays(100));
        });
  }

  @AfterEach
  void deleteRowsTheContextCannotRead() {
    orgs.forEach(
        (orgId, region) ->
            router
                .session()
                .execute(
                    router
                        .prepareInRegion(region, "DELETE FROM credentials WHERE org_id = ?")
                        .bind(orgId)));
  }

  static String apiKeyOf(String orgId) {
    return "ATATT3x-" + UUID.nameUUIDFromBytes(orgId.getBytes());
  }

  @Test
  void shouldReencryptEveryOrgUnderTheActiveKey() {
    orgs.keySet()
        .forEach(
            orgId -> {
              assertThat(stored(orgId).getString("key_id")).isEqualTo("rot-k1");
              assertThat(SecretCipher.keyIdOf(stored(orgId).getString("api_key_jwe")))
                  .isEqualTo("rot-k1");
            });

    var result = service(k2Active).reencryptAll();

    assertThat(result.reencrypted()).isGreaterThanOrEqualTo(orgs.size());
    assertThat(result.orgs())
        .isGreaterThanOrEqualTo(result.reencrypted() + result.alreadyCurrent());
    for (String orgId : orgs.keySet()) {
      assertThat(stored(orgId).getString("key_id")).isEqualTo("rot-k2");
      assertThat(SecretCipher.keyIdOf(stored(orgId).getString("api_key_jwe"))).isEqualTo("rot-k2");
      assertThat(service(k2Only).apiKey(orgId)).contains(apiKeyOf(orgId));
      assertThatThrownBy(() -> service(k1Only).apiKey(orgId))
          .isInstanceOf(SecretCipherException.class)
          .hasMessageContaining("key id 'rot-k2', which is not configured");
      assertThat(service(k2Only).status(orgId).expiresInDays()).isEqualTo(100);
    }
  }

  @Test
  void shouldLeaveCredentialsAlreadyUnderTheActiveKeyAlone() {
    service(k2Active).reencryptAll();
    var ciphertexts = orgs.keySet().stream().map(o -> stored(o).getString("api_key_jwe")).toList();

    service(k2Active).reencryptAll();

    assertThat(orgs.keySet().stream().map(o -> stored(o).getString("api_key_jwe")).toList())
        .isEqualTo(ciphertexts);
  }

  @Test
  void shouldNeverOverwriteAKeySetWhileReencryptionRuns() {
    String orgId = orgs.keySet().iterator().next();
    String region = orgs.get(orgId);
    String readBeforeTheAdminsChange = stored(orgId).getString("api_key_jwe");
    service(k2Active)
        .set(orgId, "ATATT3x-set-meanwhile", LocalDate.now(ZoneOffset.UTC).plusDays(5));

    boolean replaced =
        new CredentialsRepository(router)
            .replaceCiphertext(
                region,
                orgId,
                readBeforeTheAdminsChange,
                k2Active.encrypt(apiKeyOf(orgId), "credentials/" + orgId),
                "rot-k2");

    assertThat(replaced).isFalse();
    assertThat(service(k2Only).apiKey(orgId)).contains("ATATT3x-set-meanwhile");
  }

  @Test
  @ExtendWith(OutputCaptureExtension.class)
  void shouldReencryptAtStartAndLogCountsOnly(CapturedOutput output) {
    new CredentialsStartup(service(k2Active)).reencryptUnderTheActiveKey();

    orgs.keySet()
        .forEach(orgId -> assertThat(stored(orgId).getString("key_id")).isEqualTo("rot-k2"));
    assertThat(output.getAll())
        .containsPattern(
            "credentials re-encrypted under key rot-k2: \\d+ re-encrypted, \\d+ already current, \\d+ failed");
    orgs.keySet().forEach(orgId -> assertThat(output.getAll()).doesNotContain(apiKeyOf(orgId)));
    orgs.keySet()
        .forEach(
            orgId ->
                assertThat(output.getAll()).doesNotContain(stored(orgId).getString("api_key_jwe")));
  }
}

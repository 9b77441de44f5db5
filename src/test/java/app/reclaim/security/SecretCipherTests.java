package app.reclaim.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretCipherTests {

  static final String SECRET = "ATATT3xFfGF0-example-api-key";
  static final String CONTEXT = "credentials/acme";

  static byte[] key() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return key;
  }

  final byte[] k1 = key();
  final byte[] k2 = key();
  final SecretCipher cipher = new SecretCipher(Map.of("k1", k1), "k1");

  /** The compact serialization with one of its five parts replaced. */
  static String withPart(String jwe, int part, String value) {
    String[] parts = jwe.split("\\.", -1);
    parts[part] = value;
    return String.join(".", parts);
  }

  static String encodeHeader(Map<String, Object> header) {
    return Base64URL.encode(JSONObjectUtils.toJSONString(header)).toString();
  }

  static String flipFirstChar(String base64url) {
    return (base64url.charAt(0) == 'A' ? 'B' : 'A') + base64url.substring(1);
  }

  @Test
  void shouldRoundTripASecret() {
    String ciphertext = cipher.encrypt(SECRET, CONTEXT);

    assertThat(cipher.decrypt(ciphertext, CONTEXT)).isEqualTo(SECRET);
    assertThat(ciphertext)
        .doesNotContain(SECRET)
        .doesNotContain(Base64URL.encode(SECRET).toString())
        .doesNotContain(Base64.getEncoder().encodeToString(SECRET.getBytes()));
  }

  @Test
  void shouldWriteDirA256GcmWithTheKeyIdAndContextInTheHeader() throws Exception {
    var header = JWEObject.parse(cipher.encrypt(SECRET, CONTEXT)).getHeader();

    assertThat(header.getAlgorithm()).isEqualTo(JWEAlgorithm.DIR);
    assertThat(header.getEncryptionMethod()).isEqualTo(EncryptionMethod.A256GCM);
    assertThat(header.getKeyID()).isEqualTo("k1");
    assertThat(header.getCustomParam("ctx")).isEqualTo(CONTEXT);
    assertThat(SecretCipher.keyIdOf(cipher.encrypt(SECRET, CONTEXT))).isEqualTo("k1");
  }

  @Test
  void shouldEncryptTheSameSecretDifferentlyEachTime() {
    assertThat(cipher.encrypt(SECRET, CONTEXT)).isNotEqualTo(cipher.encrypt(SECRET, CONTEXT));
  }

  @Test
  void shouldRefuseATamperedCiphertextTagOrIv() {
    String jwe = cipher.encrypt(SECRET, CONTEXT);
    String[] parts = jwe.split("\\.");

    for (int part : new int[] {2, 3, 4}) { // IV, ciphertext, authentication tag
      assertThatThrownBy(
              () -> cipher.decrypt(withPart(jwe, part, flipFirstChar(parts[part])), CONTEXT))
          .as("part %d", part)
          .isInstanceOf(SecretCipherException.class)
          .hasMessage("the ciphertext was altered or not encrypted with key 'k1'");
    }
  }

  @Test
  void shouldRefuseATamperedHeaderSinceItIsTheAdditionalData() throws Exception {
    String jwe = cipher.encrypt(SECRET, CONTEXT);
    var header = JWEObject.parse(jwe).getHeader().toJSONObject();
    header.put("ctx", "credentials/globex");

    // The forged header passes the context check for globex; only the AEAD can catch it.
    assertThatThrownBy(
            () -> cipher.decrypt(withPart(jwe, 0, encodeHeader(header)), "credentials/globex"))
        .isInstanceOf(SecretCipherException.class)
        .hasMessageContaining("altered");
  }

  @Test
  void shouldRefuseACiphertextOfAnotherContext() {
    String acme = cipher.encrypt(SECRET, CONTEXT);

    assertThatThrownBy(() -> cipher.decrypt(acme, "credentials/globex"))
        .isInstanceOf(SecretCipherException.class)
        .hasMessageContaining("another context");
  }

  @Test
  void shouldRefuseAnUnknownKeyIdClearly() {
    String underK2 = new SecretCipher(Map.of("k2", k2), "k2").encrypt(SECRET, CONTEXT);

    assertThatThrownBy(() -> cipher.decrypt(underK2, CONTEXT))
        .isInstanceOf(SecretCipherException.class)
        .hasMessage(
            "the ciphertext is encrypted with key id 'k2', which is not configured: add it to"
                + " reclaim.security.secrets.keys to decrypt");
  }

  @Test
  void shouldRefuseAKeyIdSwappedForAnotherConfiguredKey() throws Exception {
    var both = new SecretCipher(Map.of("k1", k1, "k2", k2), "k1");
    String jwe = both.encrypt(SECRET, CONTEXT);
    var header = JWEObject.parse(jwe).getHeader().toJSONObject();
    header.put("kid", "k2");
    String swapped = withPart(jwe, 0, encodeHeader(header));

    assertThatThrownBy(() -> both.decrypt(swapped, CONTEXT))
        .isInstanceOf(SecretCipherException.class);
  }

  @Test
  void shouldRefuseGarbageAndOtherAlgorithms() {
    assertThatThrownBy(() -> cipher.decrypt("not-a-jwe", CONTEXT))
        .isInstanceOf(SecretCipherException.class)
        .hasMessage("not a JWE compact serialization");
    assertThatThrownBy(() -> cipher.decrypt(null, CONTEXT))
        .isInstanceOf(SecretCipherException.class);
    String a128 =
        withPart(
            cipher.encrypt(SECRET, CONTEXT),
            0,
            Base64URL.encode(
                    "{\"alg\":\"dir\",\"enc\":\"A128GCM\",\"kid\":\"k1\",\"ctx\":\"credentials/acme\"}")
                .toString());
    assertThatThrownBy(() -> cipher.decrypt(a128, CONTEXT))
        .isInstanceOf(SecretCipherException.class)
        .hasMessageContaining("only alg dir with enc A256GCM");
  }

  @Test
  void shouldDecryptUnderAnyConfiguredKeyAndEncryptUnderTheActiveOne() {
    String underK1 = cipher.encrypt(SECRET, CONTEXT);
    var rotated = new SecretCipher(Map.of("k1", k1, "k2", k2), "k2");

    assertThat(rotated.decrypt(underK1, CONTEXT)).isEqualTo(SECRET);
    assertThat(SecretCipher.keyIdOf(rotated.encrypt(SECRET, CONTEXT))).isEqualTo("k2");
    assertThat(rotated.activeKeyId()).isEqualTo("k2");
    assertThat(rotated.keyIds()).containsExactlyInAnyOrder("k1", "k2");
  }

  @Test
  void shouldBuildFromBase64ConfigurationAndDefaultToASingleKey() {
    String standard = Base64.getEncoder().encodeToString(k1);
    String urlSafe = Base64.getUrlEncoder().withoutPadding().encodeToString(k2);

    var single = SecretCipher.fromConfiguration(Map.of("k1", standard), null);
    var two =
        SecretCipher.fromConfiguration(Map.of("k1", " " + standard + "\n", "k2", urlSafe), "k2");

    assertThat(single.activeKeyId()).isEqualTo("k1");
    assertThat(single.decrypt(cipher.encrypt(SECRET, CONTEXT), CONTEXT)).isEqualTo(SECRET);
    assertThat(two.decrypt(cipher.encrypt(SECRET, CONTEXT), CONTEXT)).isEqualTo(SECRET);
    assertThat(
            cipher.decrypt(
                new SecretCipher(Map.of("k1", k1), "k1").encrypt(SECRET, CONTEXT), CONTEXT))
        .isEqualTo(SECRET);
  }

  @Test
  void shouldRefuseBadKeyConfigurationWithoutQuotingAKey() {
    String shortKey = Base64.getEncoder().encodeToString(new byte[16]);
    String good = Base64.getEncoder().encodeToString(k1);
    Map<String, String> two = new LinkedHashMap<>(Map.of("k1", good, "k2", good));

    assertThatThrownBy(() -> SecretCipher.fromConfiguration(Map.of("k1", shortKey), null))
        .isInstanceOf(SecretCipherException.class)
        .hasMessage(
            "reclaim.security.secrets.keys.k1 must be 32 random bytes in base64 (e.g. the output"
                + " of: openssl rand -base64 32)")
        .message()
        .doesNotContain(shortKey);
    assertThatThrownBy(() -> SecretCipher.fromConfiguration(Map.of("k1", "not base64!"), null))
        .hasMessageStartingWith("reclaim.security.secrets.keys.k1 must be 32 random bytes")
        .message()
        .doesNotContain("not base64!");
    assertThatThrownBy(() -> SecretCipher.fromConfiguration(two, null))
        .hasMessageContaining("active-key-id is required when more than one key is configured");
    assertThatThrownBy(() -> SecretCipher.fromConfiguration(Map.of("k1", good), "k9"))
        .hasMessage(
            "reclaim.security.secrets.active-key-id must name one of the configured keys [k1]")
        .message()
        .doesNotContain(good);
    assertThatThrownBy(() -> SecretCipher.fromConfiguration(Map.of("K 1", good), null))
        .hasMessageContaining("key id 'K 1' must be 1-64 lowercase letters");
    assertThatThrownBy(() -> SecretCipher.fromConfiguration(Map.of(), null))
        .hasMessageContaining("configure reclaim.security.secrets.keys.<id>");
  }

  @Test
  void shouldKeepKeysOutOfTheConfigurationsToString() {
    String good = Base64.getEncoder().encodeToString(k1);
    var secrets = new SecurityProperties.Secrets(Map.of("k1", good), "k1");

    assertThat(secrets.toString()).contains("k1").doesNotContain(good);
    assertThat(new SecurityProperties(null, null, secrets).toString()).doesNotContain(good);
  }
}

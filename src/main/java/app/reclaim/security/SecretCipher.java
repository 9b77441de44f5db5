package app.reclaim.security;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.DirectDecrypter;
import com.nimbusds.jose.crypto.DirectEncrypter;
import java.text.ParseException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts secrets at rest (an org's admin API key) as JWE compact strings: {@code alg: dir},
 * {@code enc: A256GCM}, the key's id in {@code kid} so keys can rotate (decryption picks the key
 * the ciphertext names; encryption always uses the active one), and a {@code ctx} header naming
 * what the secret belongs to. The protected header is the AEAD's additional data, so neither {@code
 * kid} nor {@code ctx} can be changed without decryption failing: a ciphertext copied into another
 * org's row does not decrypt there. Keys, plaintexts and ciphertexts never appear in logs or
 * messages.
 */
public final class SecretCipher {

  /** Header naming what a ciphertext belongs to, e.g. {@code credentials/acme}. */
  static final String CONTEXT_HEADER = "ctx";

  static final Pattern KEY_ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
  static final int KEY_BYTES = 32;
  private static final int MAX_SHOWN_KEY_ID = 64;

  private final Map<String, SecretKey> keys;
  private final String activeKeyId;

  /**
   * A cipher over {@code keys} (key id → 32 random bytes) that encrypts with {@code activeKeyId}.
   *
   * @throws SecretCipherException when a key id is malformed, a key is not 256 bits, or the active
   *     key id is not among the keys
   */
  public SecretCipher(Map<String, byte[]> keys, String activeKeyId) {
    if (keys == null || keys.isEmpty()) {
      throw new SecretCipherException(
          "no secrets key: configure reclaim.security.secrets.keys.<id>");
    }
    Map<String, SecretKey> checked = new LinkedHashMap<>();
    keys.forEach(
        (id, bytes) -> {
          requireKeyId(id);
          if (bytes == null || bytes.length != KEY_BYTES) {
            throw new SecretCipherException(badKey(id));
          }
          checked.put(id, new SecretKeySpec(bytes, "AES"));
        });
    if (activeKeyId == null || !checked.containsKey(activeKeyId)) {
      throw new SecretCipherException(
          "reclaim.security.secrets.active-key-id must name one of the"
              + " configured keys "
              + checked.keySet());
    }
    this.keys = Map.copyOf(checked);
    this.activeKeyId = activeKeyId;
  }

  /**
   * The cipher of the configured keys: base64 (standard or URL-safe) 256-bit keys by id, and the
   * active id, which may be left out when there is exactly one key.
   */
  public static SecretCipher fromConfiguration(Map<String, String> base64Keys, String activeKeyId) {
    if (base64Keys == null || base64Keys.isEmpty()) {
      throw new SecretCipherException(
          "no secrets key: configure reclaim.security.secrets.keys.<id>");
    }
    Map<String, byte[]> keys = new LinkedHashMap<>();
    base64Keys.forEach(
        (id, value) -> {
          requireKeyId(id);
          keys.put(id, decode(id, value));
        });
    String active = activeKeyId == null || activeKeyId.isBlank() ? null : activeKeyId.strip();
    if (active == null && keys.size() == 1) {
      active = keys.keySet().iterator().next();
    }
    if (active == null) {
      throw new SecretCipherException(
          "reclaim.security.secrets.active-key-id is required when more"
              + " than one key is configured ("
              + keys.keySet()
              + ")");
    }
    return new SecretCipher(keys, active);
  }

  /** The id of the key new ciphertexts are encrypted with. */
  public String activeKeyId() {
    return activeKeyId;
  }

  /** Every configured key id (the active one and those kept to decrypt older ciphertexts). */
  public Set<String> keyIds() {
    return keys.keySet();
  }

  /** Encrypts {@code plaintext} under the active key, bound to {@code context}. */
  public String encrypt(String plaintext, String context) {
    Objects.requireNonNull(plaintext, "plaintext");
    Objects.requireNonNull(context, "context");
    JWEHeader header =
        new JWEHeader.Builder(JWEAlgorithm.DIR, EncryptionMethod.A256GCM)
            .keyID(activeKeyId)
            .customParam(CONTEXT_HEADER, context)
            .build();
    JWEObject jwe = new JWEObject(header, new Payload(plaintext));
    try {
      jwe.encrypt(new DirectEncrypter(keys.get(activeKeyId)));
    } catch (JOSEException e) {
      throw new SecretCipherException("cannot encrypt with key " + activeKeyId, e);
    }
    return jwe.serialize();
  }

  /**
   * Decrypts a ciphertext of {@link #encrypt} with the key its {@code kid} names.
   *
   * @throws SecretCipherException when the key id is unknown, the ciphertext belongs to another
   *     context, uses other algorithms, or was altered
   */
  public String decrypt(String ciphertext, String context) {
    JWEObject jwe = parse(ciphertext);
    JWEHeader header = jwe.getHeader();
    if (!JWEAlgorithm.DIR.equals(header.getAlgorithm())
        || !EncryptionMethod.A256GCM.equals(header.getEncryptionMethod())
        || header.getCompressionAlgorithm() != null) {
      throw new SecretCipherException(
          "not a secret of this cipher: only alg dir with enc A256GCM,"
              + " uncompressed, is accepted");
    }
    String keyId = header.getKeyID();
    if (keyId == null) {
      throw new SecretCipherException("the ciphertext names no key id (kid)");
    }
    SecretKey key = keys.get(keyId);
    if (key == null) {
      throw new SecretCipherException(
          "the ciphertext is encrypted with key id '"
              + shown(keyId)
              + "', which is not configured: add it to reclaim.security.secrets.keys to decrypt");
    }
    if (!Objects.equals(context, header.getCustomParam(CONTEXT_HEADER))) {
      throw new SecretCipherException("the ciphertext belongs to another context than " + context);
    }
    try {
      jwe.decrypt(new DirectDecrypter(key));
    } catch (JOSEException e) {
      // No cause: Nimbus's messages are safe, but nothing of a failed decryption needs to travel.
      throw new SecretCipherException(
          "the ciphertext was altered or not encrypted with key '" + keyId + "'");
    }
    return jwe.getPayload().toString();
  }

  /** The key id a ciphertext names, without decrypting it. */
  public static String keyIdOf(String ciphertext) {
    return parse(ciphertext).getHeader().getKeyID();
  }

  private static JWEObject parse(String ciphertext) {
    if (ciphertext == null) {
      throw new SecretCipherException("no ciphertext");
    }
    try {
      return JWEObject.parse(ciphertext);
    } catch (ParseException e) {
      throw new SecretCipherException("not a JWE compact serialization");
    }
  }

  private static void requireKeyId(String id) {
    if (id == null || !KEY_ID.matcher(id).matches()) {
      throw new SecretCipherException(
          "reclaim.security.secrets.keys: key id '"
              + shown(id)
              + "' must be 1-64 lowercase letters, digits, '-' or '_', starting with a letter or digit");
    }
  }

  private static byte[] decode(String id, String value) {
    String text = value == null ? "" : value.strip();
    try {
      return text.contains("-") || text.contains("_")
          ? Base64.getUrlDecoder().decode(text)
          : Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw new SecretCipherException(badKey(id));
    }
  }

  private static String badKey(String id) {
    return "reclaim.security.secrets.keys."
        + id
        + " must be 32 random bytes in base64"
        + " (e.g. the output of: openssl rand -base64 32)";
  }

  private static String shown(String keyId) {
    // Key ids come from stored ciphertexts too: no control characters into log lines.
    String id = String.valueOf(keyId).replaceAll("[^\\x20-\\x7e]", "?");
    return id.length() <= MAX_SHOWN_KEY_ID ? id : id.substring(0, MAX_SHOWN_KEY_ID) + "...";
  }
}

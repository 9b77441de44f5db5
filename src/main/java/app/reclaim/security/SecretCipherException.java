package app.reclaim.security;

/**
 * A secret that cannot be encrypted or decrypted: an unknown key id, a ciphertext that was altered
 * or belongs elsewhere, or a bad key configuration. The message names key ids and configuration
 * keys, never a key, a plaintext or a ciphertext.
 */
public class SecretCipherException extends RuntimeException {

  public SecretCipherException(String message) {
    super(message);
  }

  public SecretCipherException(String message, Throwable cause) {
    super(message, cause);
  }
}

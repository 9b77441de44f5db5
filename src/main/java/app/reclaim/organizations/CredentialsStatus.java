package app.reclaim.organizations;

import java.time.Instant;
import java.time.LocalDate;

/**
 * What may be said about an org's API credentials: whether a key is set, when it expires and what
 * the last check against the API said. Never the key, never its ciphertext.
 *
 * @param verifiedAt when the key last worked against the API (null: not since it was set)
 * @param expiresInDays days from today (UTC) to {@code expiresOn}: 0 on the last day, negative
 *     after
 * @param lastVerification the latest check, successful or not (null: none since the key was set)
 */
public record CredentialsStatus(
    boolean configured,
    Instant verifiedAt,
    LocalDate expiresOn,
    Integer expiresInDays,
    Verification lastVerification) {

  /** The status of an org without credentials. */
  public static final CredentialsStatus NOT_CONFIGURED =
      new CredentialsStatus(false, null, null, null, null);

  /**
   * One check of the key against the API.
   *
   * @param message a short reason from upstream, e.g. {@code 401 Unauthorized}; never the key
   */
  public record Verification(boolean ok, String message, Instant at) {}
}

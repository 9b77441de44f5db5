package app.reclaim.scim;

import app.reclaim.support.UserError;
import java.util.List;

/** The GraphQL inputs and payloads of SCIM token management. */
final class ScimTokenPayloads {

  private ScimTokenPayloads() {}

  record CreateScimTokenInput(String label) {}

  /** {@code secret} is returned here once and stored nowhere. */
  record CreateScimTokenPayload(ScimToken token, String secret, List<UserError> userErrors) {}

  record RevokeScimTokenInput(String id) {}

  record RevokeScimTokenPayload(String revokedTokenId, List<UserError> userErrors) {}
}

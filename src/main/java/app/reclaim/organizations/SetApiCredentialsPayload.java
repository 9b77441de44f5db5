package app.reclaim.organizations;

import app.reclaim.organizations.UpdateOrganizationPayload.UserError;
import java.util.List;

/**
 * The result of {@code setApiCredentials}: the credentials status after storing the key, or null
 * with {@code userErrors} saying what input to fix (nothing was written then).
 */
public record SetApiCredentialsPayload(CredentialsStatus credentials, List<UserError> userErrors) {

  public SetApiCredentialsPayload {
    userErrors = List.copyOf(userErrors);
  }
}

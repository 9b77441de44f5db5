package app.reclaim.atlassian;

import app.reclaim.organizations.CredentialsService;
import app.reclaim.store.UnknownOrganizationException;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** The client's API keys come from the organizations module's encrypted credentials. */
@Component
class CredentialsApiKeyProvider implements ApiKeyProvider {

  private final CredentialsService credentials;

  CredentialsApiKeyProvider(CredentialsService credentials) {
    this.credentials = credentials;
  }

  @Override
  public Optional<String> apiKey(String orgId) {
    try {
      return credentials.apiKey(orgId);
    } catch (UnknownOrganizationException e) {
      // No installed org, no key: the client refuses the call without sending it.
      return Optional.empty();
    }
  }
}

package app.reclaim.atlassian;

import app.reclaim.organizations.CredentialsService;
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
    return credentials.apiKey(orgId);
  }
}

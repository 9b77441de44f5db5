package app.reclaim.atlassian;

import java.util.Optional;

/**
 * Where the client gets an org's API key. Implemented over the organizations module's encrypted
 * credentials; the key is decrypted per call and never logged or kept beyond the request.
 */
@FunctionalInterface
public interface ApiKeyProvider {

  Optional<String> apiKey(String orgId);
}

package app.reclaim.atlassian;

import java.util.Optional;

/**
 * Where the client gets an org's API key. Implemented over the organizations module's encrypted
 * credentials; the key is decrypted per call and never logged or kept beyond the request. An empty
 * answer makes the call fail as {@link AdminApiException.Rejected} (401) without a request.
 *
 * <p>The production implementation lives here, in {@code atlassian} (which may use {@code
 * organizations}, never the reverse), as a {@code @Component} adapting the credentials service,
 * e.g. {@code orgId -> credentials.apiKey(orgId)}. Until one exists, the dev/test-only {@code
 * staticApiKeyProvider} bean reads {@code reclaim.atlassian.static-keys.<orgId>}.
 */
@FunctionalInterface
public interface ApiKeyProvider {

  Optional<String> apiKey(String orgId);
}

/**
 * Who is calling: the {@link app.reclaim.security.Caller} (org, account, roles) that every service
 * scopes its work to, and how it is established. Callers present a signed JWT (RS256/ES256 from the
 * configured JWK set, or the local key generated into {@code .local/keys/}): on HTTP as {@code
 * Authorization: Bearer}, on WebSocket in the {@code connection_init} payload. API tokens (roles
 * ADMIN, VIEWER) open the GraphQL endpoint, platform tokens (role PLATFORM, their own audience)
 * open {@code /platform}; mutations need ADMIN. Also the {@code mint-token} command, and the {@link
 * app.reclaim.security.SecretCipher} that encrypts secrets at rest (JWE dir + A256GCM, keys from
 * {@code reclaim.security.secrets} or, locally, a generated key). Uses {@code support}.
 */
@ApplicationModule(allowedDependencies = {"support"})
package app.reclaim.security;

import org.springframework.modulith.ApplicationModule;

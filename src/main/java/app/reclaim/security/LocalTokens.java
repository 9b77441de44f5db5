package app.reclaim.security;

import com.nimbusds.jose.jwk.ECKey;
import java.time.Duration;

/**
 * Tokens signed with the local key, for the demo and the tests. Available only when Reclaim checks
 * tokens against its local key (no {@code reclaim.security.jwt.jwk-set}, never in production).
 */
public final class LocalTokens {

  private final TokenIssuer issuer;
  private final ECKey publicKey;
  private final SecurityProperties.Jwt config;

  LocalTokens(TokenIssuer issuer, ECKey publicKey, SecurityProperties.Jwt config) {
    this.issuer = issuer;
    this.publicKey = publicKey;
    this.config = config;
  }

  static LocalTokens unavailable(SecurityProperties.Jwt config) {
    return new LocalTokens(null, null, config);
  }

  public boolean available() {
    return issuer != null;
  }

  /**
   * A token for {@code role}: ADMIN and VIEWER tokens are for the GraphQL API and need an org;
   * PLATFORM tokens are for {@code /platform} and take none.
   */
  public String mint(String orgId, Role role, String subject, Duration ttl) {
    if (issuer == null) {
      throw new IllegalStateException(
          "no local key: tokens come from the configured JWK set's issuer");
    }
    return issuer.mint(
        audienceFor(role, config), role == Role.PLATFORM ? null : orgId, subject, role, ttl);
  }

  static String audienceFor(Role role, SecurityProperties.Jwt config) {
    return role == Role.PLATFORM ? config.platformAudience() : config.audience();
  }

  ECKey publicKey() {
    return publicKey;
  }
}

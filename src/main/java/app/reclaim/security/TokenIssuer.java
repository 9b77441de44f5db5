package app.reclaim.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/**
 * Signs Reclaim's own ES256 tokens with the local key: the demo's token, {@code mint-token}'s, and
 * the tests'. In production callers' tokens come from the identity provider and this is not used.
 */
public final class TokenIssuer {

  private final ECKey key;
  private final ECDSASigner signer;
  private final String issuer;
  private final Clock clock;

  public TokenIssuer(ECKey key, String issuer, Clock clock) {
    this.key = key;
    this.issuer = issuer;
    this.clock = clock;
    try {
      this.signer = new ECDSASigner(key);
    } catch (JOSEException e) {
      throw new IllegalArgumentException("not a private EC signing key", e);
    }
  }

  /**
   * A token for {@code audience} with the claims Reclaim requires; {@code orgId} may be null only
   * for platform tokens, which are not tied to an org.
   */
  public String mint(String audience, String orgId, String subject, Role role, Duration ttl) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    JWTClaimsSet.Builder claims =
        new JWTClaimsSet.Builder()
            .issuer(issuer)
            .audience(audience)
            .subject(subject)
            .claim(JwtAuthenticator.ROLES, List.of(role.name()))
            .issueTime(Date.from(now))
            .notBeforeTime(Date.from(now))
            .expirationTime(Date.from(now.plus(ttl)))
            .jwtID(UUID.randomUUID().toString());
    if (orgId != null) {
      claims.claim(JwtAuthenticator.ORG, orgId);
    }
    JWSHeader header =
        new JWSHeader.Builder(JWSAlgorithm.ES256)
            .keyID(key.getKeyID())
            .type(JOSEObjectType.JWT)
            .build();
    SignedJWT jwt = new SignedJWT(header, claims.build());
    try {
      jwt.sign(signer);
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign a token with the local key", e);
    }
    return jwt.serialize();
  }
}

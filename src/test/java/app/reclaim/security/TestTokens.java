package app.reclaim.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/** Builds tokens of every shape, good and bad, for the authentication tests. */
final class TestTokens {

  private TestTokens() {}

  /** Claims of a valid API token for {@code org} with {@code role}, issued now for an hour. */
  static JWTClaimsSet.Builder api(SecurityProperties.Jwt config, String org, String role) {
    Instant now = Instant.now();
    return new JWTClaimsSet.Builder()
        .issuer(config.issuer())
        .audience(config.audience())
        .subject("557058:test-account")
        .claim("org", org)
        .claim("roles", List.of(role))
        .issueTime(Date.from(now))
        .notBeforeTime(Date.from(now))
        .expirationTime(Date.from(now.plus(Duration.ofHours(1))));
  }

  /** Claims of a valid platform token. */
  static JWTClaimsSet.Builder platform(SecurityProperties.Jwt config) {
    Instant now = Instant.now();
    return new JWTClaimsSet.Builder()
        .issuer(config.issuer())
        .audience(config.platformAudience())
        .subject("platform")
        .claim("roles", List.of("PLATFORM"))
        .expirationTime(Date.from(now.plus(Duration.ofHours(1))));
  }

  /** Signed with {@code key} (EC: ES256, RSA: RS256), with the key's id in the header. */
  static String sign(JWK key, JWTClaimsSet claims) {
    try {
      if (key instanceof ECKey ec) {
        SignedJWT jwt =
            new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(ec.getKeyID()).build(), claims);
        jwt.sign(new ECDSASigner(ec));
        return jwt.serialize();
      }
      RSAKey rsa = (RSAKey) key;
      SignedJWT jwt =
          new SignedJWT(
              new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(rsa.getKeyID()).build(), claims);
      jwt.sign(new RSASSASigner(rsa));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code alg: none}. */
  static String unsigned(JWTClaimsSet claims) {
    return new PlainJWT(claims).serialize();
  }

  /**
   * HS256 with {@code secret} as the HMAC key: the algorithm-confusion attack when it is a public
   * key.
   */
  static String hs256(byte[] secret, String keyId, JWTClaimsSet claims) {
    try {
      SignedJWT jwt =
          new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(keyId).build(), claims);
      jwt.sign(new MACSigner(secret));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }
}

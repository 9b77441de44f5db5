package app.reclaim.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.BadJWSException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Checks a caller's JWT: an RS256 or ES256 signature by a key of the configured JWK set (nothing
 * else: no {@code none}, no HMAC, so a public key can never serve as a shared secret), then issuer,
 * audience, expiry and not-before with a small clock skew, then the claims {@code sub}, {@code org}
 * and {@code roles}. The audience says which surface the token is for: the GraphQL API (roles
 * ADMIN, VIEWER; {@code org} required) or {@code /platform} (role PLATFORM).
 */
final class JwtAuthenticator {

  static final String ORG = "org";
  static final String ROLES = "roles";
  static final Set<JWSAlgorithm> ACCEPTED_ALGORITHMS =
      Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);
  private static final Set<Role> API_ROLES = EnumSet.of(Role.ADMIN, Role.VIEWER);

  /** The surface a token opens. */
  enum Audience {
    API,
    PLATFORM
  }

  /** An accepted token: who calls, for which surface, until when. */
  record Authentication(Caller caller, Audience audience, Instant expiresAt) {}

  /** Verified tokens held at most; each is a few hundred bytes. */
  static final int VERIFIED_TOKENS = 10_000;

  /**
   * How long a token whose signature was verified skips the signature check when it comes again.
   * Matches the JWK set's own cache: a key dropped from the set stops being trusted within it.
   */
  static final java.time.Duration VERIFIED_FOR = java.time.Duration.ofMinutes(5);

  private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

  /**
   * Claims of tokens whose signature checked out, by the exact token text: a client sends the same
   * token with every request, and an ES256/RS256 check costs more CPU than answering a small query.
   * Only the signature is remembered; issuer, audience, expiry, not-before and the claims are
   * checked on every request.
   */
  private final com.github.benmanes.caffeine.cache.Cache<String, JWTClaimsSet> verified =
      com.github.benmanes.caffeine.cache.Caffeine.newBuilder()
          .maximumSize(VERIFIED_TOKENS)
          .expireAfterWrite(VERIFIED_FOR)
          .build();

  private final SecurityProperties.Jwt config;
  private final Clock clock;

  JwtAuthenticator(JWKSource<SecurityContext> keys, SecurityProperties.Jwt config, Clock clock) {
    this.config = config;
    this.clock = clock;
    processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ACCEPTED_ALGORITHMS, keys));
    // IdPs issuing RFC 9068 access tokens type them at+jwt; anything else typed is not a bearer
    // JWT.
    processor.setJWSTypeVerifier(
        new DefaultJOSEObjectTypeVerifier<>(
            JOSEObjectType.JWT, new JOSEObjectType("at+jwt"), null));
    // Claims are checked below, after the signature, with reasons that never echo claim values.
    processor.setJWTClaimsSetVerifier(null);
  }

  /**
   * The JWK set at {@code location}: an http(s) URL (fetched, cached and refreshed when an unknown
   * key id shows up) or a file path (read once; restart to rotate).
   */
  static JWKSource<SecurityContext> jwkSource(String location) {
    if (location.startsWith("https://") || location.startsWith("http://")) {
      try {
        return JWKSourceBuilder.create(URI.create(location).toURL()).build();
      } catch (IOException | IllegalArgumentException e) {
        throw new IllegalStateException("reclaim.security.jwt.jwk-set is not a valid URL", e);
      }
    }
    File file = new File(location.startsWith("file:") ? location.substring(5) : location);
    try {
      JWKSet set = JWKSet.load(file).toPublicJWKSet();
      if (set.getKeys().stream()
          .noneMatch(k -> k.getKeyType() == KeyType.RSA || k.getKeyType() == KeyType.EC)) {
        throw new IllegalStateException(
            "reclaim.security.jwt.jwk-set " + file + " has no RSA or EC key");
      }
      return new ImmutableJWKSet<>(set);
    } catch (IOException e) {
      throw new IllegalStateException("reclaim.security.jwt.jwk-set: cannot read " + file, e);
    } catch (ParseException e) {
      throw new IllegalStateException(
          "reclaim.security.jwt.jwk-set: " + file + " is not a JWK set", e);
    }
  }

  Authentication authenticate(String token) {
    if (token == null || token.isBlank()) {
      throw new InvalidTokenException("missing bearer token");
    }
    String text = token.strip();
    JWTClaimsSet known = verified.getIfPresent(text);
    if (known != null) {
      return verify(known);
    }
    JWT jwt;
    try {
      jwt = JWTParser.parse(text);
    } catch (ParseException e) {
      throw new InvalidTokenException("malformed token");
    }
    if (!(jwt instanceof SignedJWT signed)) {
      throw new InvalidTokenException("unsigned and encrypted tokens are not accepted");
    }
    if (!ACCEPTED_ALGORITHMS.contains(signed.getHeader().getAlgorithm())) {
      throw new InvalidTokenException("signing algorithm not accepted (RS256 or ES256 only)");
    }
    JWTClaimsSet claims;
    try {
      claims = processor.process(signed, null);
    } catch (BadJWSException e) {
      throw new InvalidTokenException("invalid signature");
    } catch (BadJOSEException e) {
      throw new InvalidTokenException("no key of the JWK set matches the token");
    } catch (JOSEException e) {
      throw new InvalidTokenException("signing keys unavailable");
    }
    Authentication accepted = verify(claims);
    verified.put(text, claims);
    return accepted;
  }

  private Authentication verify(JWTClaimsSet claims) {
    Instant now = clock.instant();
    if (!config.issuer().equals(claims.getIssuer())) {
      throw new InvalidTokenException("wrong issuer");
    }
    Date exp = claims.getExpirationTime();
    if (exp == null) {
      throw new InvalidTokenException("missing claim exp");
    }
    if (now.minus(config.clockSkew()).isAfter(exp.toInstant())) {
      throw new InvalidTokenException("token expired");
    }
    Date nbf = claims.getNotBeforeTime();
    if (nbf != null && now.plus(config.clockSkew()).isBefore(nbf.toInstant())) {
      throw new InvalidTokenException("token not yet valid");
    }
    Audience audience = audience(claims.getAudience());
    String subject = requiredString(claims, "sub");
    Set<Role> roles = roles(claims);
    String org;
    if (audience == Audience.API) {
      org = requiredString(claims, ORG);
      if (!API_ROLES.containsAll(roles)) {
        throw new InvalidTokenException("unknown role (API tokens carry ADMIN or VIEWER)");
      }
    } else {
      org = null;
      if (!roles.equals(Set.of(Role.PLATFORM))) {
        throw new InvalidTokenException("platform tokens carry the role PLATFORM only");
      }
    }
    return new Authentication(new Caller(org, subject, roles), audience, exp.toInstant());
  }

  private Audience audience(List<String> audiences) {
    boolean api = audiences.contains(config.audience());
    boolean platform = audiences.contains(config.platformAudience());
    if (api && platform) {
      // Each surface has its own tokens, so a leaked API token can never install orgs.
      throw new InvalidTokenException("a token is for the API or for the platform, not both");
    }
    if (!api && !platform) {
      throw new InvalidTokenException("wrong audience");
    }
    return api ? Audience.API : Audience.PLATFORM;
  }

  private static String requiredString(JWTClaimsSet claims, String name) {
    try {
      String value = claims.getStringClaim(name);
      if (value == null || value.isBlank()) {
        throw new InvalidTokenException("missing claim " + name);
      }
      return value;
    } catch (ParseException e) {
      throw new InvalidTokenException("claim " + name + " must be a string");
    }
  }

  private static Set<Role> roles(JWTClaimsSet claims) {
    List<String> names;
    try {
      names = claims.getStringListClaim(ROLES);
    } catch (ParseException e) {
      throw new InvalidTokenException("claim roles must be an array of strings");
    }
    if (names == null || names.isEmpty()) {
      throw new InvalidTokenException("missing claim roles");
    }
    Set<Role> roles = EnumSet.noneOf(Role.class);
    for (String name : names) {
      try {
        roles.add(Role.valueOf(name));
      } catch (IllegalArgumentException | NullPointerException e) {
        throw new InvalidTokenException("unknown role");
      }
    }
    return roles;
  }
}

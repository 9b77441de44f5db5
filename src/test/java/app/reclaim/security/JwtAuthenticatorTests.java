package app.reclaim.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.reclaim.security.JwtAuthenticator.Audience;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JwtAuthenticatorTests {

  static final SecurityProperties.Jwt CONFIG =
      new SecurityProperties.Jwt(
          null, "https://idp.example.com/", null, null, Duration.ofSeconds(30));
  static ECKey ec;
  static RSAKey rsa;
  static JwtAuthenticator authenticator;

  @BeforeAll
  static void keys(@TempDir Path dir) throws Exception {
    ec = LocalKeys.generate();
    rsa = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
    Path jwks = dir.resolve("jwks.json");
    // Private halves in the file on purpose: only the public halves may be used.
    Files.writeString(jwks, new JWKSet(List.of(ec, rsa)).toString(false));
    authenticator =
        new JwtAuthenticator(
            JwtAuthenticator.jwkSource(jwks.toString()), CONFIG, java.time.Clock.systemUTC());
  }

  static String token(UnaryOperator<JWTClaimsSet.Builder> change) {
    return TestTokens.sign(ec, change.apply(TestTokens.api(CONFIG, "org-1", "ADMIN")).build());
  }

  static void assertRejected(String token, String reason) {
    assertThatThrownBy(() -> authenticator.authenticate(token))
        .isInstanceOf(InvalidTokenException.class)
        .hasMessage(reason);
  }

  @Test
  void shouldAcceptEs256AndRs256TokensSignedByTheJwkSet() {
    var es = authenticator.authenticate(token(c -> c));
    var rs =
        authenticator.authenticate(
            TestTokens.sign(rsa, TestTokens.api(CONFIG, "org-2", "VIEWER").build()));

    assertThat(es.caller())
        .isEqualTo(new Caller("org-1", "557058:test-account", Set.of(Role.ADMIN)));
    assertThat(es.audience()).isEqualTo(Audience.API);
    assertThat(rs.caller())
        .isEqualTo(new Caller("org-2", "557058:test-account", Set.of(Role.VIEWER)));
  }

  @Test
  void shouldAcceptPlatformTokensForThePlatformOnly() {
    var platform =
        authenticator.authenticate(TestTokens.sign(ec, TestTokens.platform(CONFIG).build()));

    assertThat(platform.audience()).isEqualTo(Audience.PLATFORM);
    assertThat(platform.caller().roles()).containsExactly(Role.PLATFORM);
    assertThat(platform.caller().orgId()).isNull();
    assertRejected(
        TestTokens.sign(ec, TestTokens.platform(CONFIG).claim("roles", List.of("ADMIN")).build()),
        "platform tokens carry the role PLATFORM only");
    assertRejected(
        token(c -> c.claim("roles", List.of("PLATFORM"))),
        "unknown role (API tokens carry ADMIN or VIEWER)");
  }

  @Test
  void shouldRejectMissingAndMalformedTokens() {
    assertRejected("", "missing bearer token");
    assertRejected("not-a-jwt", "malformed token");
    assertRejected("a.b.c", "malformed token");
  }

  @Test
  void shouldRejectAlgNone() {
    assertRejected(
        TestTokens.unsigned(TestTokens.api(CONFIG, "org-1", "ADMIN").build()),
        "unsigned and encrypted tokens are not accepted");
  }

  @Test
  void shouldRejectASignatureByAnotherKeyClaimingAKnownKeyId() {
    ECKey impostor = new ECKey.Builder(LocalKeys.generate()).keyID(ec.getKeyID()).build();

    assertRejected(
        TestTokens.sign(impostor, TestTokens.api(CONFIG, "org-1", "ADMIN").build()),
        "invalid signature");
  }

  @Test
  void shouldRejectAKeyIdTheJwkSetDoesNotHold() {
    assertRejected(
        TestTokens.sign(LocalKeys.generate(), TestTokens.api(CONFIG, "org-1", "ADMIN").build()),
        "no key of the JWK set matches the token");
  }

  @Test
  void shouldRejectHs256SignedWithThePublicKeyAsSecret() throws Exception {
    var claims = TestTokens.api(CONFIG, "org-1", "ADMIN").build();
    byte[] ecDer = ec.toECPublicKey().getEncoded();
    byte[] rsaDer = rsa.toRSAPublicKey().getEncoded();
    byte[] jwkJson = ec.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8);

    for (byte[] secret : List.of(ecDer, rsaDer, jwkJson)) {
      assertRejected(
          TestTokens.hs256(secret, ec.getKeyID(), claims),
          "signing algorithm not accepted (RS256 or ES256 only)");
    }
  }

  @Test
  void shouldRejectExpiredAndNotYetValidTokensBeyondTheClockSkew() {
    Instant now = Instant.now();
    assertRejected(token(c -> c.expirationTime(Date.from(now.minusSeconds(60)))), "token expired");
    assertRejected(
        token(c -> c.notBeforeTime(Date.from(now.plusSeconds(120)))), "token not yet valid");
    assertRejected(token(c -> c.expirationTime(null)), "missing claim exp");
    // Within the 30 s skew both are still fine: clocks of issuer and Reclaim may disagree a little.
    authenticator.authenticate(token(c -> c.expirationTime(Date.from(now.minusSeconds(10)))));
    authenticator.authenticate(token(c -> c.notBeforeTime(Date.from(now.plusSeconds(10)))));
  }

  @Test
  void shouldRejectAWrongIssuerOrAudience() {
    assertRejected(token(c -> c.issuer("https://evil.example.com/")), "wrong issuer");
    assertRejected(token(c -> c.issuer(null)), "wrong issuer");
    assertRejected(token(c -> c.audience("another-api")), "wrong audience");
    assertRejected(token(c -> c.audience((String) null)), "wrong audience");
    assertRejected(
        token(c -> c.audience(List.of(CONFIG.audience(), CONFIG.platformAudience()))),
        "a token is for the API or for the platform, not both");
    // Extra audiences of other services next to Reclaim's are fine.
    authenticator.authenticate(token(c -> c.audience(List.of("other-service", CONFIG.audience()))));
  }

  @Test
  void shouldRejectMissingOrMistypedClaims() {
    assertRejected(token(c -> c.claim("org", null)), "missing claim org");
    assertRejected(token(c -> c.claim("org", " ")), "missing claim org");
    assertRejected(token(c -> c.claim("org", 42)), "claim org must be a string");
    assertRejected(token(c -> c.subject(null)), "missing claim sub");
    assertRejected(token(c -> c.claim("roles", null)), "missing claim roles");
    assertRejected(token(c -> c.claim("roles", List.of())), "missing claim roles");
    assertRejected(
        token(c -> c.claim("roles", "ADMIN")), "claim roles must be an array of strings");
  }

  @Test
  void shouldRejectUnknownRolesEvenNextToKnownOnes() {
    assertRejected(token(c -> c.claim("roles", List.of("OWNER"))), "unknown role");
    assertRejected(token(c -> c.claim("roles", List.of("ADMIN", "admin"))), "unknown role");
  }

  @Test
  void shouldFetchTheJwkSetFromAUrl() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    byte[] body = new JWKSet(ec.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
    server.createContext(
        "/.well-known/jwks.json",
        exchange -> {
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    try {
      var remote =
          new JwtAuthenticator(
              JwtAuthenticator.jwkSource(
                  "http://127.0.0.1:" + server.getAddress().getPort() + "/.well-known/jwks.json"),
              CONFIG,
              java.time.Clock.systemUTC());

      assertThat(remote.authenticate(token(c -> c)).caller().orgId()).isEqualTo("org-1");
      assertThatThrownBy(
              () ->
                  remote.authenticate(
                      TestTokens.sign(rsa, TestTokens.api(CONFIG, "org-1", "ADMIN").build())))
          .hasMessage("no key of the JWK set matches the token");
    } finally {
      server.stop(0);
    }
  }

  @Test
  void shouldRefuseAJwkSetWithoutAsymmetricKeys(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("jwks.json");
    Files.writeString(
        file, "{\"keys\":[{\"kty\":\"oct\",\"k\":\"c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0\"}]}");

    assertThatThrownBy(() -> JwtAuthenticator.jwkSource(file.toString()))
        .hasMessageContaining("has no RSA or EC key");
    assertThatThrownBy(() -> JwtAuthenticator.jwkSource(dir.resolve("missing.json").toString()))
        .hasMessageContaining("cannot read");
  }
}

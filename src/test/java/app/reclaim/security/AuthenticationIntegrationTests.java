package app.reclaim.security;

import static org.assertj.core.api.Assertions.assertThat;

import app.reclaim.GraphQlHttp;
import app.reclaim.IntegrationTest;
import app.reclaim.organizations.InstallOrganization;
import app.reclaim.organizations.OrganizationService;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** Every way a token can be wrong, over real HTTP: 401 UNAUTHENTICATED before any resolver runs. */
class AuthenticationIntegrationTests extends IntegrationTest {

  static final String QUERY = "{ organization { id } }";

  @Autowired SecurityProperties properties;

  @Autowired OrganizationService organizations;

  ECKey key;
  String orgId;

  @BeforeEach
  void install() {
    key = LocalKeys.loadOrCreate(Path.of(properties.localKeyDir()));
    orgId = freshOrgId();
    organizations.install(new InstallOrganization(orgId, "Initech", "eu"));
  }

  /** A token signed with the server's own key, so only the changed claim can be at fault. */
  String token(UnaryOperator<JWTClaimsSet.Builder> change) {
    return TestTokens.sign(
        key, change.apply(TestTokens.api(properties.jwt(), orgId, "ADMIN")).build());
  }

  void assertUnauthenticated(GraphQlHttp client, String reason) {
    var response = client.post(QUERY);

    assertThat(response.status()).as(reason).isEqualTo(401);
    assertThat(response.contentType()).startsWith("application/graphql-response+json");
    assertThat((String) response.read("$.errors[0].extensions.code")).isEqualTo("UNAUTHENTICATED");
    assertThat((String) response.read("$.errors[0].message")).isEqualTo(reason);
    assertThat(response.body()).doesNotContain("\"data\"");
    assertThat(response.header("WWW-Authenticate")).startsWith("Bearer realm=\"reclaim\"");
  }

  void assertInvalidToken(String token, String reason) {
    assertUnauthenticated(withAuthorization("Bearer " + token), reason);
    assertThat(withAuthorization("Bearer " + token).post(QUERY).header("WWW-Authenticate"))
        .contains("error=\"invalid_token\"");
  }

  @Test
  void shouldAnswerAValidTokenWithItsOwnOrganization() {
    var response = withAuthorization("Bearer " + token(c -> c)).post(QUERY);

    assertThat(response.status()).isEqualTo(200);
    assertThat((String) response.read("$.data.organization.id")).isEqualTo(orgId);
  }

  @Test
  void shouldRejectAMissingTokenWithoutAnErrorCode() {
    assertUnauthenticated(
        anonymous(), "authentication required: send Authorization: Bearer <token>");
    assertThat(anonymous().post(QUERY).header("WWW-Authenticate"))
        .isEqualTo("Bearer realm=\"reclaim\"");
  }

  @Test
  void shouldRejectOtherSchemesAndEmptyBearers() {
    assertUnauthenticated(
        withAuthorization("Basic dXNlcjpwYXNz"),
        "the Authorization header must be: Bearer <token>");
    assertUnauthenticated(
        withAuthorization("Bearer "), "the Authorization header must be: Bearer <token>");
    assertUnauthenticated(withAuthorization("Bearer garbage"), "malformed token");
  }

  @Test
  void shouldAcceptTheSchemeInAnyCase() {
    assertThat(withAuthorization("bearer " + token(c -> c)).post(QUERY).status()).isEqualTo(200);
  }

  @Test
  void shouldRejectAlgNone() {
    assertInvalidToken(
        TestTokens.unsigned(TestTokens.api(properties.jwt(), orgId, "ADMIN").build()),
        "unsigned and encrypted tokens are not accepted");
  }

  @Test
  void shouldRejectAWrongSignature() {
    ECKey impostor = new ECKey.Builder(LocalKeys.generate()).keyID(key.getKeyID()).build();

    assertInvalidToken(
        TestTokens.sign(impostor, TestTokens.api(properties.jwt(), orgId, "ADMIN").build()),
        "invalid signature");
  }

  @Test
  void shouldRejectHs256SignedWithTheServersPublicKey() throws Exception {
    var claims = TestTokens.api(properties.jwt(), orgId, "ADMIN").build();

    assertInvalidToken(
        TestTokens.hs256(key.toECPublicKey().getEncoded(), key.getKeyID(), claims),
        "signing algorithm not accepted (RS256 or ES256 only)");
    assertInvalidToken(
        TestTokens.hs256(
            key.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8),
            key.getKeyID(),
            claims),
        "signing algorithm not accepted (RS256 or ES256 only)");
  }

  @Test
  void shouldRejectExpiredAndNotYetValidTokens() {
    Instant now = Instant.now();
    assertInvalidToken(
        token(c -> c.expirationTime(Date.from(now.minusSeconds(3600)))), "token expired");
    assertInvalidToken(
        token(c -> c.notBeforeTime(Date.from(now.plusSeconds(3600)))), "token not yet valid");
  }

  @Test
  void shouldRejectAWrongIssuerOrAudience() {
    assertInvalidToken(token(c -> c.issuer("https://evil.example.com/")), "wrong issuer");
    assertInvalidToken(token(c -> c.audience("some-other-api")), "wrong audience");
  }

  @Test
  void shouldRejectMissingClaimsAndUnknownRoles() {
    assertInvalidToken(token(c -> c.claim("org", null)), "missing claim org");
    assertInvalidToken(token(c -> c.subject(null)), "missing claim sub");
    assertInvalidToken(token(c -> c.claim("roles", null)), "missing claim roles");
    assertInvalidToken(token(c -> c.claim("roles", List.of("SUPERUSER"))), "unknown role");
  }

  @Test
  void shouldRefuseAPlatformTokenOnTheGraphQlApi() {
    var response = asPlatform().post(QUERY);

    assertThat(response.status()).isEqualTo(403);
    assertThat((String) response.read("$.errors[0].extensions.code")).isEqualTo("FORBIDDEN");
    assertThat(response.header("WWW-Authenticate")).contains("error=\"insufficient_scope\"");
  }

  @Test
  @ExtendWith(OutputCaptureExtension.class)
  void shouldNeverEchoOrLogTheToken(CapturedOutput output) {
    String expired = token(c -> c.expirationTime(Date.from(Instant.now().minusSeconds(3600))));
    String valid = token(c -> c);
    var response = withAuthorization("Bearer " + expired).post(QUERY);
    withAuthorization("Bearer " + valid).post(QUERY);

    assertThat(response.body()).doesNotContain(expired).doesNotContain(orgId);
    assertThat(response.header("WWW-Authenticate")).doesNotContain(expired);
    assertThat(output.getAll())
        .contains("rejected token on /graphql: token expired")
        .doesNotContain(expired)
        .doesNotContain(valid)
        .doesNotContain(expired.split("\\.")[1]);
  }
}

package app.reclaim.scim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** SCIM bearer tokens: created, listed and revoked through GraphQL; 401s as SCIM.md §5 case 15. */
class ScimAuthenticationIntegrationTests extends ScimTest {

  @Test
  void shouldRejectMissingMalformedAndWrongTokensWithBearerChallengeAndScimError() {
    for (String authorization :
        new String[] {null, "non-token", "Bearer rscim_wrong", "Bearer " + secret + "x"}) {
      var r = new ScimHttp(port, authorization).get("/Users");

      assertThat(r.status()).as(authorization).isEqualTo(401);
      assertThat(r.header("WWW-Authenticate")).startsWith("Bearer");
      assertThat(r.<String>read("$.status")).isEqualTo("401");
      assertThat(r.<String>read("$.detail")).isNotBlank();
      assertThat(r.<List<String>>read("$.schemas"))
          .containsExactly("urn:ietf:params:scim:api:messages:2.0:Error");
    }
  }

  @Test
  void shouldListTokensWithoutSecretsAndStopAcceptingRevokedOnes() {
    assertThat(scim.get("/Users").status()).isEqualTo(200);
    var listed = asAdmin(orgId).post("{ scimTokens { id label createdAt lastUsedAt } }");
    String id = listed.json().read("$.data.scimTokens[0].id");
    assertThat(listed.body()).doesNotContain(secret).contains("\"label\":\"Okta\"");

    var revoked =
        asAdmin(orgId)
            .post(
                "mutation($input: RevokeScimTokenInput!) { revokeScimToken(input: $input)"
                    + " { revokedTokenId userErrors { code } } }",
                Map.of("input", Map.of("id", id)));

    assertThat(revoked.json().<String>read("$.data.revokeScimToken.revokedTokenId")).isEqualTo(id);
    assertThat(scim.get("/Users").status()).isEqualTo(401);
  }

  @Test
  void shouldLetOnlyAdminsManageTokens() {
    var r = asViewer(orgId).post("{ scimTokens { id } }");

    assertThat(r.body()).contains("FORBIDDEN");
  }

  @Test
  void shouldAcceptScimJsonWithLatin1CharsetAndPlainJson() {
    var latin =
        scim.contentType("application/scim+json", java.nio.charset.StandardCharsets.ISO_8859_1)
            .post("/Users", user(unique("jos\u00e9")));
    var plain =
        new ScimHttp(port, "Bearer " + secret)
            .contentType("application/json", java.nio.charset.StandardCharsets.UTF_8)
            .post("/Users", user(unique("plain")));

    assertThat(latin.status()).as(latin.body()).isEqualTo(201);
    assertThat(latin.<String>read("$.userName")).startsWith("jos\u00e9");
    assertThat(plain.status()).isEqualTo(201);
    assertThat(plain.header("Content-Type")).startsWith("application/scim+json");
  }

  @Test
  void shouldServeDiscoveryTrueToWhatIsSupportedAndMeAs501() {
    var config = scim.get("/ServiceProviderConfig");
    Boolean bulk = config.read("$.bulk.supported");
    Boolean patch = config.read("$.patch.supported");

    assertThat(bulk).isFalse();
    assertThat(patch).isTrue();
    assertThat(scim.get("/ResourceTypes").<Integer>read("$.totalResults")).isEqualTo(2);
    assertThat(scim.get("/Schemas").<List<String>>read("$.Resources[*].id"))
        .contains(USER, GROUP, ENTERPRISE);
    assertThat(scim.get("/Me").status()).isEqualTo(501);
    assertThat(scim.post("/Bulk", "{}").status()).isEqualTo(501);
  }
}

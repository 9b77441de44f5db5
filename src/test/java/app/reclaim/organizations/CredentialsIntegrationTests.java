package app.reclaim.organizations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.reclaim.GraphQlHttp;
import app.reclaim.IntegrationTest;
import app.reclaim.security.SecretCipherException;
import app.reclaim.store.KeyspaceRouter;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** setApiCredentials and Organization.credentials over real HTTP, and the service behind them. */
class CredentialsIntegrationTests extends IntegrationTest {

  static final String STATUS_FIELDS =
      "configured verifiedAt expiresOn expiresInDays lastVerification { ok message at }";
  static final String SET =
      """
      mutation Set($input: SetApiCredentialsInput!) {
        setApiCredentials(input: $input) {
          credentials { %s }
          userErrors { field message code }
        }
      }"""
          .formatted(STATUS_FIELDS);
  static final String STATUS = "{ organization { id credentials { " + STATUS_FIELDS + " } } }";

  @Autowired OrganizationService organizations;

  @Autowired CredentialsService credentials;

  @Autowired KeyspaceRouter router;

  String orgId;

  @BeforeEach
  void install() {
    orgId = freshOrgId();
    organizations.install(new InstallOrganization(orgId, "Initech", "eu"));
  }

  static String newApiKey() {
    return "ATATT3xFfGF0" + UUID.randomUUID().toString().replace("-", "");
  }

  static LocalDate today() {
    return LocalDate.now(ZoneOffset.UTC);
  }

  static Map<String, Object> input(String apiKey, Object expiresOn) {
    return Map.of("input", Map.of("apiKey", apiKey, "expiresOn", expiresOn.toString()));
  }

  GraphQlHttp.Response set(GraphQlHttp client, String apiKey, Object expiresOn) {
    return client.post(SET, input(apiKey, expiresOn));
  }

  @Test
  void shouldAnswerNotConfiguredBeforeAnyKeyIsSet() {
    var response = asViewer(orgId).post(STATUS);

    assertThat((Boolean) response.read("$.data.organization.credentials.configured")).isFalse();
    assertThat(response.json().read("$.data.organization.credentials.expiresOn", Object.class))
        .isNull();
    assertThat(response.json().read("$.data.organization.credentials.expiresInDays", Object.class))
        .isNull();
    assertThat(credentials.apiKey(orgId)).isEmpty();
  }

  @Test
  void shouldStoreAnAdminsKeyAndAnswerItsStatus() {
    String apiKey = newApiKey();
    LocalDate expiresOn = today().plusDays(90);

    var response = set(asAdmin(orgId), apiKey, expiresOn);

    assertThat(response.status()).isEqualTo(200);
    assertThat((List<?>) response.read("$.data.setApiCredentials.userErrors")).isEmpty();
    assertThat((Boolean) response.read("$.data.setApiCredentials.credentials.configured")).isTrue();
    assertThat((String) response.read("$.data.setApiCredentials.credentials.expiresOn"))
        .isEqualTo(expiresOn.toString());
    assertThat((Integer) response.read("$.data.setApiCredentials.credentials.expiresInDays"))
        .isEqualTo(90);
    assertThat(
            response.json().read("$.data.setApiCredentials.credentials.verifiedAt", Object.class))
        .isNull();
    assertThat(
            response
                .json()
                .read("$.data.setApiCredentials.credentials.lastVerification", Object.class))
        .isNull();
    assertThat(response.body()).doesNotContain(apiKey);
    var status = asViewer(orgId).post(STATUS);
    assertThat((Boolean) status.read("$.data.organization.credentials.configured")).isTrue();
    assertThat((Integer) status.read("$.data.organization.credentials.expiresInDays"))
        .isEqualTo(90);
    assertThat(credentials.apiKey(orgId)).contains(apiKey);
    assertThat(credentials.status(orgId).expiresOn()).isEqualTo(expiresOn);
  }

  @Test
  void shouldAcceptTheBoundaries() {
    assertThat(
            (List<?>)
                set(asAdmin(orgId), "x".repeat(2048), today().plusYears(1))
                    .read("$.data.setApiCredentials.userErrors"))
        .isEmpty();
    assertThat(
            (Integer)
                set(asAdmin(orgId), newApiKey(), today())
                    .read("$.data.setApiCredentials.credentials.expiresInDays"))
        .isZero();
    assertThat(
            (Integer)
                set(asAdmin(orgId), newApiKey(), today().minusDays(1))
                    .read("$.data.setApiCredentials.credentials.expiresInDays"))
        .as("a day's leeway")
        .isEqualTo(-1);
  }

  @Test
  void shouldReplaceAKeyAndStartItUnverified() {
    credentials.set(orgId, newApiKey(), today().plusDays(30));
    credentials.recordVerification(orgId, true, "200 OK", Instant.now());
    String replacement = newApiKey();

    var response = set(asAdmin(orgId), replacement, today().plusDays(300));

    assertThat(
            response
                .json()
                .read("$.data.setApiCredentials.credentials.lastVerification", Object.class))
        .isNull();
    assertThat(credentials.status(orgId).lastVerification()).isNull();
    assertThat(credentials.status(orgId).verifiedAt()).isNull();
    assertThat(credentials.status(orgId).expiresInDays()).isEqualTo(300);
    assertThat(credentials.apiKey(orgId)).contains(replacement);
  }

  @Test
  void shouldRecordVerificationsWithAShortMessageAndNeverTheKey() {
    String apiKey = newApiKey();
    credentials.set(orgId, apiKey, today().plusDays(30));
    Instant failedAt = Instant.parse("2026-11-28T10:00:00.123456Z");
    Instant okAt = Instant.parse("2026-11-29T10:00:00Z");

    var failed =
        credentials.recordVerification(
            orgId,
            false,
            "401 Unauthorized: key "
                + apiKey
                + " rejected\n(sent as Authorization: Bearer "
                + apiKey
                + ")",
            failedAt);

    assertThat(failed.verifiedAt()).isNull();
    assertThat(failed.lastVerification())
        .isEqualTo(
            new CredentialsStatus.Verification(
                false,
                "401 Unauthorized: key [redacted] rejected (sent as Authorization: Bearer [redacted])",
                failedAt.truncatedTo(ChronoUnit.MILLIS)));

    credentials.recordVerification(orgId, true, "upstream said: ".repeat(50), okAt);

    var status = asViewer(orgId).post(STATUS);
    assertThat((Boolean) status.read("$.data.organization.credentials.lastVerification.ok"))
        .isTrue();
    assertThat((String) status.read("$.data.organization.credentials.verifiedAt"))
        .isEqualTo(okAt.toString());
    assertThat((String) status.read("$.data.organization.credentials.lastVerification.at"))
        .isEqualTo(okAt.toString());
    assertThat(credentials.status(orgId).lastVerification().message()).hasSize(300);
    credentials.recordVerification(orgId, false, "503 Service Unavailable", okAt.plusSeconds(60));
    assertThat(credentials.status(orgId).verifiedAt()).as("last success stays").isEqualTo(okAt);
    assertThat(credentials.status(orgId).lastVerification().ok()).isFalse();
  }

  @Test
  void shouldRefuseToRecordAVerificationWithoutCredentials() {
    assertThatThrownBy(() -> credentials.recordVerification(orgId, true, "ok", Instant.now()))
        .hasMessage("no API credentials are set for " + orgId);
    assertThat(credentials.status(orgId).configured()).isFalse();
  }

  @Test
  void shouldRefuseAViewerAndStoreNothing() {
    var refused = set(asViewer(orgId), newApiKey(), today().plusDays(30));

    assertThat((String) refused.read("$.errors[0].extensions.code")).isEqualTo("FORBIDDEN");
    assertThat(refused.body()).doesNotContain("\"data\"");
    assertThat(credentials.status(orgId).configured()).isFalse();

    String apiKey = newApiKey();
    credentials.set(orgId, apiKey, today().plusDays(30));
    set(asViewer(orgId), newApiKey(), today().plusDays(60));
    assertThat(credentials.apiKey(orgId)).contains(apiKey);
    assertThat(credentials.status(orgId).expiresInDays()).isEqualTo(30);
  }

  @Test
  void shouldRefuseAMalformedDateBeforeAnythingRuns() {
    var response = set(asAdmin(orgId), newApiKey(), "2027-02-30");

    assertThat((String) response.read("$.errors[0].extensions.code")).isEqualTo("BAD_USER_INPUT");
    assertThat(credentials.status(orgId).configured()).isFalse();
  }

  @Nested
  class InvalidInput {

    String storedKey;

    @BeforeEach
    void storeAKey() {
      storedKey = newApiKey();
      credentials.set(orgId, storedKey, today().plusDays(30));
    }

    void assertRefused(String apiKey, Object expiresOn, String field, String code, String message) {
      var response = set(asAdmin(orgId), apiKey, expiresOn);

      assertThat(response.json().read("$.data.setApiCredentials.credentials", Object.class))
          .isNull();
      assertThat((List<String>) response.read("$.data.setApiCredentials.userErrors[0].field"))
          .containsExactly("input", field);
      assertThat((String) response.read("$.data.setApiCredentials.userErrors[0].code"))
          .isEqualTo(code);
      assertThat((String) response.read("$.data.setApiCredentials.userErrors[0].message"))
          .isEqualTo(message);
      assertThat(response.body()).doesNotContain(apiKey.isBlank() ? "\u0000" : apiKey);
      assertThat(credentials.apiKey(orgId)).as("the stored key stays").contains(storedKey);
      assertThat(credentials.status(orgId).expiresInDays()).isEqualTo(30);
    }

    @Test
    void shouldRefuseABlankKey() {
      assertRefused("", today().plusDays(10), "apiKey", "BLANK", "apiKey must not be blank");
      assertRefused("  \n", today().plusDays(10), "apiKey", "BLANK", "apiKey must not be blank");
    }

    @Test
    void shouldRefuseAKeyTooLong() {
      assertRefused(
          "x".repeat(2049),
          today().plusDays(10),
          "apiKey",
          "TOO_LONG",
          "apiKey must be at most 2048 characters");
    }

    @Test
    void shouldRefuseWhitespaceAndOtherCharactersInTheKey() {
      String message =
          "apiKey must be printable ASCII without spaces or line breaks (check the copied"
              + " value)";
      assertRefused(
          newApiKey() + "\n", today().plusDays(10), "apiKey", "INVALID_CHARACTERS", message);
      assertRefused(
          " " + newApiKey(), today().plusDays(10), "apiKey", "INVALID_CHARACTERS", message);
      assertRefused("ATATT 3xFf", today().plusDays(10), "apiKey", "INVALID_CHARACTERS", message);
      assertRefused("ATATT\t3xFf", today().plusDays(10), "apiKey", "INVALID_CHARACTERS", message);
      assertRefused("ATATTé3xFf", today().plusDays(10), "apiKey", "INVALID_CHARACTERS", message);
    }

    @Test
    void shouldRefuseAnExpiryInThePastOrMoreThanAYearAhead() {
      assertRefused(
          newApiKey(),
          today().minusDays(2),
          "expiresOn",
          "IN_THE_PAST",
          "expiresOn is in the past: the key has expired; create a new one");
      assertRefused(
          newApiKey(),
          today().plusYears(1).plusDays(2),
          "expiresOn",
          "TOO_FAR_AHEAD",
          "expiresOn must be at most one year ahead: Atlassian API keys last at most a year");
    }

    @Test
    void shouldReportEveryFaultAtOnce() {
      var response = set(asAdmin(orgId), "", today().minusYears(1));

      assertThat((List<String>) response.read("$.data.setApiCredentials.userErrors[*].code"))
          .containsExactly("BLANK", "IN_THE_PAST");
      assertThat(credentials.apiKey(orgId)).contains(storedKey);
    }

    @Test
    void shouldRefuseInvalidInputFromJavaCallersWithAnException() {
      assertThatThrownBy(() -> credentials.set(orgId, "has space", today()))
          .isInstanceOf(InvalidCredentialsException.class)
          .satisfies(
              e ->
                  assertThat(((InvalidCredentialsException) e).userErrors())
                      .extracting(UpdateOrganizationPayload.UserError::code)
                      .containsExactly("INVALID_CHARACTERS"))
          .message()
          .doesNotContain("has space");
      assertThat(credentials.apiKey(orgId)).contains(storedKey);
    }
  }

  @Nested
  class TenantIsolation {

    @Test
    void shouldKeepEachOrgsCredentialsToItself() {
      String other = freshOrgId();
      organizations.install(new InstallOrganization(other, "Globex", "eu"));
      String otherKey = newApiKey();
      set(asAdmin(other), otherKey, today().plusDays(200));

      assertThat(
              (Boolean)
                  asAdmin(orgId).post(STATUS).read("$.data.organization.credentials.configured"))
          .isFalse();
      String ownKey = newApiKey();
      set(asAdmin(orgId), ownKey, today().plusDays(10));

      var own = asViewer(orgId).post(STATUS);
      var theirs = asViewer(other).post(STATUS);
      assertThat((String) own.read("$.data.organization.id")).isEqualTo(orgId);
      assertThat((Integer) own.read("$.data.organization.credentials.expiresInDays")).isEqualTo(10);
      assertThat((Integer) theirs.read("$.data.organization.credentials.expiresInDays"))
          .isEqualTo(200);
      assertThat(credentials.apiKey(other)).contains(otherKey);
      assertThat(credentials.apiKey(orgId)).contains(ownKey);
    }

    @Test
    void shouldNotDecryptAnotherOrgsCiphertextCopiedIntoItsRow() {
      String other = freshOrgId();
      organizations.install(new InstallOrganization(other, "Globex", "eu"));
      credentials.set(other, newApiKey(), today().plusDays(200));
      credentials.set(orgId, newApiKey(), today().plusDays(10));
      String theirs =
          router
              .session()
              .execute(
                  router
                      .prepareInRegion("eu", "SELECT api_key_jwe FROM credentials WHERE org_id = ?")
                      .bind(other))
              .one()
              .getString(0);

      router
          .session()
          .execute(
              router
                  .prepareInRegion("eu", "UPDATE credentials SET api_key_jwe = ? WHERE org_id = ?")
                  .bind(theirs, orgId));

      assertThatThrownBy(() -> credentials.apiKey(orgId))
          .isInstanceOf(SecretCipherException.class)
          .hasMessage("the ciphertext belongs to another context than credentials/" + orgId);
    }
  }
}

package app.reclaim.atlassian;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.reclaim.CapturedLogs;
import app.reclaim.atlassian.AtlassianProperties.BreakerPolicy;
import ch.qos.logback.classic.Level;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every log line of a run through successes, retries, rejections and an opening breaker, at DEBUG:
 * they name the org, the path template, the status and the attempt, and never contain the API key,
 * a response body, a name or an email.
 */
class AdminApiLoggingTests extends AdminApiTestSupport {

  @RegisterExtension
  final CapturedLogs logs = new CapturedLogs("app.reclaim.atlassian", Level.DEBUG);

  @Test
  void shouldLogOrgTemplateStatusAndAttemptButNeverTheKeyOrBodies() {
    String org = freshOrgId();
    String secretBody = "Mia Krystof mia@example.com";
    server.stubFor(
        post(urlPathMatching("/admin/v2/orgs/" + org + "/directories/-/users/search"))
            .willReturn(
                okJson(
                    "{\"data\": [{\"accountId\": \"a1\", \"name\": \"Mia Krystof\", "
                        + "\"email\": \"mia@example.com\"}], \"links\": {}}")));
    server.stubFor(
        get(urlPathEqualTo("/admin/v1/orgs/" + org + "/domains"))
            .willReturn(aResponse().withStatus(404).withBody("no domain for " + secretBody)));
    server.stubFor(
        get(urlPathEqualTo("/admin/v1/orgs/" + org))
            .willReturn(aResponse().withStatus(503).withBody("down: " + secretBody)));
    Client c =
        client(with(with(fast(), new BreakerPolicy(50, 4, 4, Duration.ofSeconds(5), 1)), retry(3)));

    c.api().searchUsers(org, "-", null, 10);
    assertThatThrownBy(() -> c.api().domains(org, null))
        .isInstanceOf(AdminApiException.Rejected.class);
    assertThatThrownBy(() -> c.api().org(org)).isInstanceOf(AdminApiException.Unavailable.class);
    assertThatThrownBy(() -> c.api().org(org)).isInstanceOf(AdminApiException.Unavailable.class);

    List<String> lines = logs.lines();
    assertThat(lines)
        .isNotEmpty()
        .noneMatch(l -> l.contains(KEY))
        .noneMatch(l -> l.contains("mia@example.com"))
        .noneMatch(l -> l.contains("Krystof"));
    assertThat(lines)
        .anyMatch(
            l ->
                l.contains("org=" + org)
                    && l.contains("GET /v1/orgs/{orgId}: 503")
                    && l.contains("attempt 1 of 3"));
    assertThat(lines)
        .anyMatch(
            l ->
                l.contains("org=" + org)
                    && l.contains(
                        "POST "
                            + "/v2/orgs/{orgId}/directories/{directoryId}/users/search -> 200"));
    assertThat(lines)
        .anyMatch(l -> l.contains("org=" + org) && l.contains("circuit breaker CLOSED -> OPEN"));
  }
}

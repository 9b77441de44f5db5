package app.reclaim.atlassian;

import app.reclaim.organizations.CredentialsService;
import app.reclaim.organizations.CredentialsStatus;
import app.reclaim.security.Caller;
import app.reclaim.security.Role;
import app.reclaim.support.UserError;
import java.time.Clock;
import java.util.List;
import org.springframework.graphql.data.method.annotation.ContextValue;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.stereotype.Controller;

/**
 * {@code verifyApiCredentials}: calls the admin API with the org's stored key ({@code GET
 * /v1/orgs/{orgId}}) and records the outcome on the credentials, whatever it is.
 */
@Controller
class CredentialsVerification {

  private final AdminApi api;
  private final CredentialsService credentials;
  private final Clock clock;

  CredentialsVerification(AdminApi api, CredentialsService credentials, Clock clock) {
    this.api = api;
    this.credentials = credentials;
    this.clock = clock;
  }

  record VerifyApiCredentialsPayload(CredentialsStatus credentials, List<UserError> userErrors) {}

  @MutationMapping
  VerifyApiCredentialsPayload verifyApiCredentials(
      @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
    String orgId = Caller.require(caller).requireRole(Role.ADMIN).orgId();
    if (!credentials.status(orgId).configured()) {
      return new VerifyApiCredentialsPayload(
          credentials.status(orgId),
          List.of(
              UserError.of(
                  "NO_CREDENTIALS", "set the organization's API key (setApiCredentials) first")));
    }
    boolean ok;
    String message;
    try {
      ApiRecords.Org org = api.org(orgId);
      ok = orgId.equals(org.id());
      message = ok ? "200 OK" : "the key belongs to another organization";
    } catch (AdminApiException.Rejected e) {
      ok = false;
      message = e.status() + " " + e.upstreamMessage();
    } catch (AdminApiException.Throttled e) {
      ok = false;
      message = "429 rate limited; try again later";
    } catch (AdminApiException.Unavailable e) {
      ok = false;
      message = "the Atlassian admin API could not be reached";
    }
    return new VerifyApiCredentialsPayload(
        credentials.recordVerification(orgId, ok, message, clock.instant()), List.of());
  }
}

package app.reclaim.organizations;

import app.reclaim.security.Caller;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.ContextValue;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.stereotype.Controller;

/** {@code setApiCredentials} and {@code Organization.credentials}: status only, never the key. */
@Controller
class CredentialsController {

  private final CredentialsService credentials;

  CredentialsController(CredentialsService credentials) {
    this.credentials = credentials;
  }

  @MutationMapping
  SetApiCredentialsPayload setApiCredentials(
      @Argument SetApiCredentialsInput input,
      @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
    return credentials.setApiCredentials(Caller.require(caller), input);
  }

  /** The org was already scoped to the caller. */
  @SchemaMapping(typeName = "Organization", field = "credentials")
  CredentialsStatus credentials(Organization organization) {
    return credentials.status(organization.id());
  }
}

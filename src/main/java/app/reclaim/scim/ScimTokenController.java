package app.reclaim.scim;

import app.reclaim.scim.ScimTokenPayloads.CreateScimTokenInput;
import app.reclaim.scim.ScimTokenPayloads.CreateScimTokenPayload;
import app.reclaim.scim.ScimTokenPayloads.RevokeScimTokenInput;
import app.reclaim.scim.ScimTokenPayloads.RevokeScimTokenPayload;
import app.reclaim.security.Caller;
import java.util.List;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.ContextValue;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

/** {@code scimTokens}, {@code createScimToken}, {@code revokeScimToken}. */
@Controller
class ScimTokenController {

  private final ScimTokens tokens;

  ScimTokenController(ScimTokens tokens) {
    this.tokens = tokens;
  }

  @QueryMapping
  List<ScimToken> scimTokens(
      @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
    return tokens.list(Caller.require(caller));
  }

  @MutationMapping
  CreateScimTokenPayload createScimToken(
      @Argument CreateScimTokenInput input,
      @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
    return tokens.create(Caller.require(caller), input.label());
  }

  @MutationMapping
  RevokeScimTokenPayload revokeScimToken(
      @Argument RevokeScimTokenInput input,
      @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
    return tokens.revoke(Caller.require(caller), input.id());
  }
}

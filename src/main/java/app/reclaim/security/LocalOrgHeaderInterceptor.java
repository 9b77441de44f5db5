package app.reclaim.security;

import java.util.Map;
import java.util.Set;
import org.springframework.context.annotation.Profile;
import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Local profile only, until JWT authentication lands: the caller's org comes from the
 * {@code X-Reclaim-Org} header. Never active in the prod profile.
 */
@Component
@Profile("local & !prod")
class LocalOrgHeaderInterceptor implements WebGraphQlInterceptor {

  static final String HEADER = "X-Reclaim-Org";

  @Override
  public Mono<WebGraphQlResponse> intercept(WebGraphQlRequest request, Chain chain) {
    String org = request.getHeaders().getFirst(HEADER);
    if (org != null && !org.isBlank()) {
      Caller caller = new Caller(org.strip(), "local", Set.of(Role.ADMIN));
      request.configureExecutionInput((input, builder) ->
          builder.graphQLContext(Map.of(Caller.CONTEXT_KEY, caller)).build());
    }
    return chain.next(request);
  }
}

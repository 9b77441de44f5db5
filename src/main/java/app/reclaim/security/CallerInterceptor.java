package app.reclaim.security;

import app.reclaim.security.JwtAuthenticator.Audience;
import app.reclaim.security.JwtAuthenticator.Authentication;
import app.reclaim.support.ErrorCode;
import graphql.ExecutionResult;
import graphql.GraphqlErrorBuilder;
import java.time.Clock;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.graphql.server.WebSocketGraphQlInterceptor;
import org.springframework.graphql.server.WebSocketGraphQlRequest;
import org.springframework.graphql.server.WebSocketSessionInfo;
import org.springframework.graphql.support.DefaultExecutionGraphQlResponse;
import reactor.core.publisher.Mono;

/**
 * Puts the authenticated {@link Caller} into the GraphQL context under {@link Caller#CONTEXT_KEY}:
 * over HTTP from {@link BearerTokenFilter}'s request attribute, over WebSocket from the token in
 * the {@code connection_init} payload ({@code {"Authorization": "Bearer …"}} or {@code {"token":
 * "…"}}). A request without a caller executes nothing; a WebSocket connection is closed when its
 * token expires ({@link ConnectionExpiry}). Spring for GraphQL allows one WebSocket interceptor,
 * and this is it; it runs just inside the one that turns refusals into WebSocket {@code error}
 * messages.
 */
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
final class CallerInterceptor implements WebSocketGraphQlInterceptor {

  private static final Logger log = LoggerFactory.getLogger(CallerInterceptor.class);
  private static final String SESSION_AUTHENTICATION = CallerInterceptor.class.getName();

  private final JwtAuthenticator authenticator;
  private final SecurityProperties.Jwt config;
  private final Clock clock;
  private final ConnectionExpiry expiry;

  CallerInterceptor(
      JwtAuthenticator authenticator,
      SecurityProperties.Jwt config,
      Clock clock,
      ConnectionExpiry expiry) {
    this.authenticator = authenticator;
    this.config = config;
    this.clock = clock;
    this.expiry = expiry;
  }

  @Override
  public Mono<Object> handleConnectionInitialization(
      WebSocketSessionInfo session, Map<String, Object> payload) {
    try {
      Authentication authentication = authenticator.authenticate(token(payload));
      if (authentication.audience() != Audience.API) {
        throw new InvalidTokenException("a platform token cannot call the GraphQL API");
      }
      session.getAttributes().put(SESSION_AUTHENTICATION, authentication);
      expiry.watch(session, authentication);
      return Mono.empty();
    } catch (InvalidTokenException e) {
      log.info("refused WebSocket connection_init: {}", e.getMessage());
      // Spring for GraphQL closes the connection with 4401 Unauthorized.
      return Mono.error(e);
    }
  }

  @Override
  public void handleConnectionClosed(
      WebSocketSessionInfo session, int statusCode, Map<String, Object> payload) {
    expiry.forget(session);
  }

  @Override
  public Mono<WebGraphQlResponse> intercept(WebGraphQlRequest request, Chain chain) {
    Caller caller;
    if (request instanceof WebSocketGraphQlRequest socket) {
      Authentication authentication =
          (Authentication) socket.getSessionInfo().getAttributes().get(SESSION_AUTHENTICATION);
      // A connection outlives its token: each operation checks that the token is still valid.
      boolean current =
          authentication != null
              && !clock.instant().minus(config.clockSkew()).isAfter(authentication.expiresAt());
      caller = current ? authentication.caller() : null;
    } else {
      caller = (Caller) request.getAttributes().get(Caller.REQUEST_ATTRIBUTE);
    }
    if (caller == null) {
      return Mono.just(unauthenticated(request));
    }
    request.configureExecutionInput(
        (input, builder) -> builder.graphQLContext(Map.of(Caller.CONTEXT_KEY, caller)).build());
    return chain.next(request);
  }

  private static String token(Map<String, Object> payload) {
    if (payload != null) {
      for (var entry : payload.entrySet()) {
        if (entry.getKey().equalsIgnoreCase("authorization")
            && entry.getValue() instanceof String header) {
          String value = header.strip();
          if (value.length() < 7 || !value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new InvalidTokenException("Authorization must be: Bearer <token>");
          }
          return value.substring(7);
        }
      }
      if (payload.get("token") instanceof String token) {
        return token;
      }
    }
    throw new InvalidTokenException("missing bearer token in connection_init");
  }

  private static WebGraphQlResponse unauthenticated(WebGraphQlRequest request) {
    ExecutionResult result =
        ExecutionResult.newExecutionResult()
            .addError(
                GraphqlErrorBuilder.newError()
                    .errorType(ErrorCode.UNAUTHENTICATED)
                    .message("authentication required")
                    .extensions(Map.of("code", ErrorCode.UNAUTHENTICATED.name()))
                    .build())
            .build();
    return new WebGraphQlResponse(
        new DefaultExecutionGraphQlResponse(request.toExecutionInput(), result));
  }
}

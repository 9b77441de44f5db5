package app.reclaim.security;

import app.reclaim.security.JwtAuthenticator.Audience;
import app.reclaim.security.JwtAuthenticator.Authentication;
import app.reclaim.support.ErrorCode;
import app.reclaim.support.GraphQlErrorResponse;
import app.reclaim.support.LogPrivacy;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Authenticates HTTP requests to the GraphQL endpoint, {@code /exports} and {@code /platform}: a
 * valid bearer token for that surface puts its {@link Caller} in the request attribute {@link
 * Caller#REQUEST_ATTRIBUTE}; anything else is answered here (400 for several credentials, 401, or
 * 403 for a valid token of the other surface) before any controller runs, GraphQL errors in the
 * media type the client accepts. WebSocket handshakes pass: their token comes in {@code
 * connection_init}.
 */
final class BearerTokenFilter extends OncePerRequestFilter {

  private static final Logger log = LoggerFactory.getLogger(BearerTokenFilter.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final JwtAuthenticator authenticator;
  private final String platformPrefix;
  private final LogPrivacy logPrivacy;

  BearerTokenFilter(JwtAuthenticator authenticator, String platformPrefix, LogPrivacy logPrivacy) {
    this.authenticator = authenticator;
    this.platformPrefix = platformPrefix;
    this.logPrivacy = logPrivacy;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    boolean platform = request.getServletPath().startsWith(platformPrefix);
    if (!platform && isWebSocketHandshake(request)) {
      chain.doFilter(request, response);
      return;
    }
    if (AuthorizationHeader.hasSeveralCredentials(request)) {
      reject(
          request,
          response,
          platform,
          400,
          AuthorizationHeader.SEVERAL_CREDENTIALS,
          "Bearer realm=\"reclaim\", error=\"invalid_request\"");
      return;
    }
    String header = request.getHeader(HttpHeaders.AUTHORIZATION);
    if (header == null || header.isBlank()) {
      reject(
          request,
          response,
          platform,
          401,
          "authentication required: send Authorization: Bearer <token>",
          "Bearer realm=\"reclaim\"");
      return;
    }
    Authentication authentication;
    try {
      authentication = authenticator.authenticate(bearerToken(header));
    } catch (InvalidTokenException e) {
      // The reason is one of a fixed set of phrases; the token itself is never logged.
      log.info("rejected token on {}: {}", request.getServletPath(), e.getMessage());
      reject(
          request,
          response,
          platform,
          401,
          e.getMessage(),
          "Bearer realm=\"reclaim\", error=\"invalid_token\", error_description=\""
              + e.getMessage()
              + "\"");
      return;
    }
    Audience expected = platform ? Audience.PLATFORM : Audience.API;
    if (authentication.audience() != expected) {
      String reason =
          platform
              ? "an organization token cannot call /platform"
              : "a platform token cannot call the GraphQL API";
      log.info(
          "refused token of account {} on {}: {}",
          logPrivacy.id(authentication.caller().orgId(), authentication.caller().accountId()),
          request.getServletPath(),
          reason);
      reject(
          request,
          response,
          platform,
          403,
          reason,
          "Bearer realm=\"reclaim\", error=\"insufficient_scope\", error_description=\""
              + reason
              + "\"");
      return;
    }
    request.setAttribute(Caller.REQUEST_ATTRIBUTE, authentication.caller());
    chain.doFilter(request, response);
  }

  private static String bearerToken(String header) {
    String value = header.strip();
    if (value.length() < 7 || !value.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw new InvalidTokenException("the Authorization header must be: Bearer <token>");
    }
    return value.substring(7).strip();
  }

  private static boolean isWebSocketHandshake(HttpServletRequest request) {
    return "GET".equals(request.getMethod())
        && "websocket".equalsIgnoreCase(request.getHeader(HttpHeaders.UPGRADE));
  }

  private static void reject(
      HttpServletRequest request,
      HttpServletResponse response,
      boolean platform,
      int status,
      String message,
      String challenge)
      throws IOException {
    ErrorCode code =
        switch (status) {
          case 400 -> ErrorCode.BAD_USER_INPUT;
          case 401 -> ErrorCode.UNAUTHENTICATED;
          default -> ErrorCode.FORBIDDEN;
        };
    response.setHeader(HttpHeaders.WWW_AUTHENTICATE, challenge);
    if (!platform) {
      GraphQlErrorResponse.write(request, response, status, code, message, Map.of());
      return;
    }
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("code", code.name());
    error.put("message", message);
    response.setStatus(status);
    response.setContentType("application/json");
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    response.getWriter().write(JSON.writeValueAsString(Map.of("error", error)));
  }
}

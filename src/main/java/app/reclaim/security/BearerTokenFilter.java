package app.reclaim.security;

import app.reclaim.security.JwtAuthenticator.Audience;
import app.reclaim.security.JwtAuthenticator.Authentication;
import app.reclaim.support.LogPrivacy;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Authenticates HTTP requests to the GraphQL endpoint, {@code /exports} and {@code /platform}: a
 * valid bearer token for that surface puts its {@link Caller} in the request attribute {@link
 * Caller#REQUEST_ATTRIBUTE}; anything else is answered here (401, or 403 for a valid token of the
 * other surface) before any controller runs. WebSocket handshakes pass: their token comes in {@code
 * connection_init}.
 */
final class BearerTokenFilter extends OncePerRequestFilter {

  private static final Logger log = LoggerFactory.getLogger(BearerTokenFilter.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();
  static final String GRAPHQL_RESPONSE = "application/graphql-response+json";

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
    String header = request.getHeader(HttpHeaders.AUTHORIZATION);
    if (header == null || header.isBlank()) {
      reject(
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
      HttpServletResponse response, boolean platform, int status, String message, String challenge)
      throws IOException {
    String code = status == 401 ? "UNAUTHENTICATED" : "FORBIDDEN";
    Map<String, Object> error = new LinkedHashMap<>();
    if (platform) {
      error.put("code", code);
      error.put("message", message);
    } else {
      error.put("message", message);
      error.put("extensions", Map.of("code", code));
    }
    Object body = platform ? Map.of("error", error) : Map.of("errors", List.of(error));
    response.setStatus(status);
    response.setHeader(HttpHeaders.WWW_AUTHENTICATE, challenge);
    response.setContentType(platform ? "application/json" : GRAPHQL_RESPONSE);
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    response.getWriter().write(JSON.writeValueAsString(body));
  }
}

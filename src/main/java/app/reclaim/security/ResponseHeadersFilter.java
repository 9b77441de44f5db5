package app.reclaim.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Headers every answer carries, set before anything else runs so that 401s, 404s and error pages
 * get them too: {@code X-Content-Type-Options: nosniff} everywhere, so a browser never runs an
 * answer as a type it guesses; {@code Cache-Control: no-store} under the API paths, whose answers
 * hold an organization's data and must not be kept by browsers or proxies.
 */
final class ResponseHeadersFilter extends OncePerRequestFilter {

  private final List<String> noStorePaths;

  /**
   * @param noStorePaths exact paths, or prefixes ending with {@code /}
   */
  ResponseHeadersFilter(List<String> noStorePaths) {
    this.noStorePaths = List.copyOf(noStorePaths);
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    response.setHeader("X-Content-Type-Options", "nosniff");
    if (noStore(request.getServletPath())) {
      response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
    }
    chain.doFilter(request, response);
  }

  private boolean noStore(String path) {
    for (String p : noStorePaths) {
      if (p.endsWith("/") ? path.startsWith(p) : path.equals(p)) {
        return true;
      }
    }
    return false;
  }
}

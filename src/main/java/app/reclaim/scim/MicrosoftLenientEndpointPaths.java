package app.reclaim.scim;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.util.List;

/**
 * Microsoft's SCIM reference Postman collection ({@code ms-scim-reference.postman_collection.json},
 * "Get empty Users" and "Get User Filters") sends {@code /scim/v2/users} and {@code
 * /scim/v2/Users/?filter=…}: endpoint names in another case and a trailing slash, which its .NET
 * sample routes. Reclaim routes the endpoint segment case-insensitively and ignores one trailing
 * slash, so such a client reaches the endpoint it means instead of a 404. Resource ids (case-exact)
 * are left as they are.
 */
final class MicrosoftLenientEndpointPaths {

  static final List<String> ENDPOINTS =
      List.of("Users", "Groups", "ServiceProviderConfig", "ResourceTypes", "Schemas", "Me", "Bulk");

  private MicrosoftLenientEndpointPaths() {}

  /**
   * The canonical form of a path under the SCIM base, or {@code null} when it is already canonical.
   */
  static String canonical(String servletPath) {
    String base = ScimConfiguration.BASE_PATH + "/";
    if (servletPath == null || !servletPath.startsWith(base)) {
      return null;
    }
    String rest = servletPath.substring(base.length());
    if (rest.endsWith("/")) {
      rest = rest.substring(0, rest.length() - 1);
    }
    int slash = rest.indexOf('/');
    String endpoint = slash < 0 ? rest : rest.substring(0, slash);
    for (String known : ENDPOINTS) {
      if (known.equalsIgnoreCase(endpoint)) {
        endpoint = known;
        break;
      }
    }
    String out = base + endpoint + (slash < 0 ? "" : rest.substring(slash));
    return out.equals(servletPath) ? null : out;
  }

  static HttpServletRequest wrap(HttpServletRequest request) {
    String path = canonical(request.getServletPath());
    if (path == null || request.getPathInfo() != null) {
      return request;
    }
    String uri = request.getContextPath() + path;
    return new HttpServletRequestWrapper(request) {
      @Override
      public String getServletPath() {
        return path;
      }

      @Override
      public String getRequestURI() {
        return uri;
      }

      @Override
      public StringBuffer getRequestURL() {
        StringBuffer url =
            new StringBuffer(request.getScheme()).append("://").append(request.getServerName());
        int port = request.getServerPort();
        if (!(port == 80 && "http".equals(request.getScheme()))
            && !(port == 443 && "https".equals(request.getScheme()))) {
          url.append(':').append(port);
        }
        return url.append(uri);
      }
    };
  }
}

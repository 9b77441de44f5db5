package app.reclaim.security;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Enumeration;
import org.springframework.http.HttpHeaders;

/**
 * A request's credentials must be unambiguous: with two {@code Authorization} headers, or one
 * listing two credentials (a comma, HTTP's list syntax), a server that reads the first would
 * silently ignore the other, and a proxy or client library may see a different first. Such a
 * request is refused with 400 before any token is looked at (RFC 6750 {@code invalid_request}:
 * "uses more than one method for including an access token").
 */
public final class AuthorizationHeader {

  /** The reason given to the client. */
  public static final String SEVERAL_CREDENTIALS =
      "send one Authorization header with one Bearer token (this request carries several)";

  private AuthorizationHeader() {}

  /** Whether {@code request} carries more than one credential. */
  public static boolean hasSeveralCredentials(HttpServletRequest request) {
    Enumeration<String> values = request.getHeaders(HttpHeaders.AUTHORIZATION);
    int count = 0;
    while (values != null && values.hasMoreElements()) {
      String value = values.nextElement();
      if (++count > 1 || value.indexOf(',') >= 0) {
        return true;
      }
    }
    return false;
  }
}

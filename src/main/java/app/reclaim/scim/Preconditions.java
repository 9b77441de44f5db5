package app.reclaim.scim;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Collections;
import java.util.List;
import org.springframework.http.ETag;
import org.springframework.http.HttpHeaders;

/**
 * A request's {@code If-Match} and {@code If-None-Match} (RFC 7232 §3.1-3.2, RFC 7644 §3.14),
 * parsed and compared by Spring's {@link ETag}, weakly: Reclaim's tags are weak ({@code W/"3"}) and
 * clients echo them with or without the {@code W/}. Spring's own check ({@code
 * ServletWebRequest.checkNotModified}, run for a GET answered with an ETag) counts {@code
 * If-None-Match: *} only for unsafe methods, while RFC 7232 §3.2 makes {@code *} match any current
 * representation; so GETs are checked here for both forms.
 */
record Preconditions(String ifMatch, String ifNoneMatch) {

  /** The request's headers, several lines of one joined as one list. */
  static Preconditions of(HttpServletRequest request) {
    return new Preconditions(
        header(request, HttpHeaders.IF_MATCH), header(request, HttpHeaders.IF_NONE_MATCH));
  }

  private static String header(HttpServletRequest request, String name) {
    List<String> lines = Collections.list(request.getHeaders(name));
    return lines.isEmpty() ? null : String.join(",", lines);
  }

  /** Before a write to {@code current} (PUT, PATCH, DELETE): 412 when a condition fails. */
  void check(StoredResource current) {
    if (present(ifMatch) && !matches(ifMatch, current.etag())) {
      throw ScimError.versionMismatch();
    }
    if (present(ifNoneMatch) && matches(ifNoneMatch, current.etag())) {
      throw ScimError.preconditionFailed("If-None-Match matches the resource's current version");
    }
  }

  /**
   * A create whose resource exists (its unique name is taken): {@code If-None-Match: *} asked to
   * create only when there is none, so 412 rather than the 409 of a plain duplicate.
   */
  void checkCreateOf(String what) {
    if (present(ifNoneMatch) && ETag.parse(ifNoneMatch).stream().anyMatch(ETag::isWildcard)) {
      throw ScimError.preconditionFailed("If-None-Match: * and " + what + " already exists");
    }
  }

  /** A GET of a resource whose ETag is {@code etag}: whether to answer 304 Not Modified. */
  boolean notModified(String etag) {
    return present(ifNoneMatch) && matches(ifNoneMatch, etag);
  }

  private static boolean present(String header) {
    return header != null && !header.isBlank();
  }

  private static boolean matches(String header, String etag) {
    ETag current = ETag.create(etag);
    return ETag.parse(header).stream().anyMatch(t -> t.isWildcard() || t.compare(current, false));
  }
}

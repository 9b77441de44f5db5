package app.reclaim.support;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.graphql.MediaTypes;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a GraphQL response holding one request error, for the failures that happen before Spring
 * for GraphQL has a request to execute (body too large, a batch, a body that is not a GraphQL
 * request). Clients then read every failure the same way: {@code errors[0].extensions.code}.
 */
final class GraphQlErrorResponse {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private GraphQlErrorResponse() {}

  static void write(
      HttpServletRequest request,
      HttpServletResponse response,
      int status,
      String message,
      Map<String, Object> extensions)
      throws IOException {
    Map<String, Object> allExtensions = new LinkedHashMap<>();
    allExtensions.put("code", ErrorCode.BAD_USER_INPUT.name());
    allExtensions.putAll(extensions);
    Map<String, Object> body =
        Map.of("errors", List.of(Map.of("message", message, "extensions", allExtensions)));
    response.setStatus(status);
    response.setContentType(contentType(request).toString());
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    response.getOutputStream().write(JSON.writeValueAsBytes(body));
  }

  /**
   * The first of the two GraphQL response types the client accepts, else JSON, as Spring for
   * GraphQL picks.
   */
  private static MediaType contentType(HttpServletRequest request) {
    try {
      for (MediaType accepted : MediaType.parseMediaTypes(request.getHeader(HttpHeaders.ACCEPT))) {
        if (accepted.equals(MediaTypes.APPLICATION_GRAPHQL_RESPONSE)
            || accepted.equals(MediaType.APPLICATION_JSON)) {
          return accepted;
        }
      }
      return MediaType.APPLICATION_JSON;
    } catch (InvalidMediaTypeException e) {
      return MediaType.APPLICATION_JSON;
    }
  }
}

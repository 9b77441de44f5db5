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
 * for GraphQL has a request to execute (no or a bad token, body too large, a batch, a body that is
 * not a GraphQL request, a method or media type the endpoint does not serve). Clients then read
 * every failure the same way, {@code errors[0].extensions.code}, in the media type they asked for.
 */
public final class GraphQlErrorResponse {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final List<MediaType> TYPES =
      List.of(MediaTypes.APPLICATION_GRAPHQL_RESPONSE, MediaType.APPLICATION_JSON);

  private GraphQlErrorResponse() {}

  /** Writes the error with {@code status} and {@code code}, in the media type Accept asks for. */
  public static void write(
      HttpServletRequest request,
      HttpServletResponse response,
      int status,
      ErrorCode code,
      String message,
      Map<String, Object> extensions)
      throws IOException {
    response.setStatus(status);
    response.setContentType(mediaType(request.getHeader(HttpHeaders.ACCEPT)).toString());
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    response.getOutputStream().write(body(code, message, extensions));
  }

  /** As {@link #write(HttpServletRequest, HttpServletResponse, int, ErrorCode, String, Map)}. */
  static void write(
      HttpServletRequest request,
      HttpServletResponse response,
      int status,
      String message,
      Map<String, Object> extensions)
      throws IOException {
    write(request, response, status, ErrorCode.BAD_USER_INPUT, message, extensions);
  }

  /** {@code {"errors": [{"message", "extensions": {"code", ...}}]}} as UTF-8 JSON. */
  static byte[] body(ErrorCode code, String message, Map<String, Object> extensions) {
    Map<String, Object> allExtensions = new LinkedHashMap<>();
    allExtensions.put("code", code.name());
    allExtensions.putAll(extensions);
    return JSON.writeValueAsBytes(
        Map.of("errors", List.of(Map.of("message", message, "extensions", allExtensions))));
  }

  /**
   * The response type for {@code accept}, chosen as Spring for GraphQL chooses it for executed
   * requests, so a request gets the same type whether it fails before execution or not: the first
   * accepted type that {@code application/graphql-response+json} or {@code application/json}
   * matches ({@code *}{@code /*} picks the former), else {@code application/json} (also with no
   * Accept, as GraphQL over HTTP says).
   */
  public static MediaType mediaType(String accept) {
    if (accept == null || accept.isBlank()) {
      return MediaType.APPLICATION_JSON;
    }
    try {
      for (MediaType accepted : MediaType.parseMediaTypes(accept)) {
        for (MediaType type : TYPES) {
          if (type.isCompatibleWith(accepted)) {
            return type;
          }
        }
      }
    } catch (InvalidMediaTypeException e) {
      // an unreadable Accept is answered as none
    }
    return MediaType.APPLICATION_JSON;
  }
}

package app.reclaim.scim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.unboundid.scim2.common.ScimResource;
import com.unboundid.scim2.common.messages.ErrorResponse;
import com.unboundid.scim2.common.messages.ListResponse;
import com.unboundid.scim2.common.utils.JsonUtils;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.HttpOutputMessage;
import org.springframework.http.MediaType;
import org.springframework.http.converter.AbstractHttpMessageConverter;
import org.springframework.http.converter.HttpMessageNotReadableException;

/**
 * {@code application/scim+json} (and {@code application/json}) through the SCIM SDK's own Jackson 2
 * mapper: Boot 4's Jackson 3 converter cannot build the SDK's {@code JsonNode}s and writes nulls
 * (see CASSANDRA-LOCAL.md, Spring Boot 4 details). Reads request bodies as a Jackson 2 {@link
 * JsonNode} so the normalisation layer sees exactly what the IdP sent; honours a {@code charset}
 * parameter leniently (rest-assured sends ISO-8859-1), and decodes strictly: bytes that are not
 * text in that charset are 400 invalidSyntax, never U+FFFD.
 */
final class ScimJsonHttpMessageConverter extends AbstractHttpMessageConverter<Object> {

  static final MediaType SCIM_JSON = MediaType.parseMediaType("application/scim+json");

  ScimJsonHttpMessageConverter() {
    super(StandardCharsets.UTF_8, SCIM_JSON, MediaType.APPLICATION_JSON);
  }

  @Override
  protected boolean supports(Class<?> clazz) {
    return JsonNode.class.isAssignableFrom(clazz)
        || ScimResource.class.isAssignableFrom(clazz)
        || ListResponse.class.isAssignableFrom(clazz)
        || ErrorResponse.class.isAssignableFrom(clazz);
  }

  @Override
  protected Object readInternal(Class<?> clazz, HttpInputMessage input) throws IOException {
    MediaType type = input.getHeaders().getContentType();
    Charset charset =
        type != null && type.getCharset() != null ? type.getCharset() : StandardCharsets.UTF_8;
    String text = decode(body(input), charset);
    try {
      JsonNode node = JsonUtils.getObjectReader().readTree(text);
      if (node == null || node.isMissingNode()) {
        throw new HttpMessageNotReadableException("the request body is empty", input);
      }
      return clazz.isInstance(node) ? node : JsonUtils.getObjectReader().treeToValue(node, clazz);
    } catch (JsonProcessingException e) {
      throw new HttpMessageNotReadableException("the request body is not valid JSON", input);
    }
  }

  /**
   * The body's bytes, refused with 413 beyond {@link RequestLimits#BODY_BYTES}: by its declared
   * length before reading, and by reading at most one byte more than the limit (a chunked body has
   * no declared length).
   */
  private static byte[] body(HttpInputMessage input) throws IOException {
    long declared = input.getHeaders().getContentLength();
    byte[] bytes =
        declared > RequestLimits.BODY_BYTES
            ? null
            : input.getBody().readNBytes(RequestLimits.BODY_BYTES + 1);
    if (bytes == null || bytes.length > RequestLimits.BODY_BYTES) {
      throw new ScimError(
          413,
          null,
          "the request body is larger than "
              + RequestLimits.BODY_BYTES
              + " bytes, the most accepted");
    }
    return bytes;
  }

  /**
   * Strict decoding: {@code new String(bytes, charset)} replaces undecodable bytes with U+FFFD, and
   * a client's invalid UTF-8 was stored as that. RFC 7644 §3.12 invalidSyntax: a body that is not
   * text in its charset has no valid message structure to speak of.
   */
  private static String decode(byte[] bytes, Charset charset) {
    try {
      return charset
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw ScimError.badRequest(
          "invalidSyntax", "the request body is not valid " + charset.name() + " text");
    }
  }

  @Override
  protected void writeInternal(Object body, HttpOutputMessage output) throws IOException {
    output.getBody().write(JsonUtils.getObjectWriter().writeValueAsBytes(body));
  }

  @Override
  protected MediaType getDefaultContentType(Object body) {
    return new MediaType(SCIM_JSON, StandardCharsets.UTF_8);
  }

  @Override
  public List<MediaType> getSupportedMediaTypes(Class<?> clazz) {
    return List.of(SCIM_JSON, MediaType.APPLICATION_JSON);
  }
}

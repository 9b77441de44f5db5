package app.reclaim.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.springframework.core.ResolvableType;
import org.springframework.http.HttpOutputMessage;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON converter of the GraphQL HTTP endpoint. Requests are read as by Spring's Jackson
 * converter; a response (graphql-java's result as maps, lists, strings, numbers, booleans and
 * nulls) is written straight to Jackson's generator, value by value, instead of through databind,
 * which looks up a serializer for every key and value of every map: on a 50-user page, a tenth of
 * the server's time (bench/run.sh, JFR). Same generator, same bytes; any other value (an error
 * extension holding some object) is written by the mapper as before.
 */
final class GraphQlJsonConverter extends JacksonJsonHttpMessageConverter {

  /** Initial response buffer: a 50-user page is about 14 KB. */
  private static final int BUFFER = 16 * 1024;

  GraphQlJsonConverter(JsonMapper mapper) {
    super(mapper);
  }

  @Override
  protected void writeInternal(
      Object object, ResolvableType type, HttpOutputMessage output, Map<String, Object> hints)
      throws IOException {
    if (!(object instanceof Map<?, ?> response)) {
      super.writeInternal(object, type, output, hints);
      return;
    }
    // Written whole, then sent with its length: streamed, a 14 KB page left as HTTP chunks in two
    // or three socket writes ({ __typename } in one); buffered, it leaves in fewer and unchunked.
    ByteArrayOutputStream body = new ByteArrayOutputStream(BUFFER);
    try (JsonGenerator generator =
        defaultMapper.createGenerator(
            body, getJsonEncoding(output.getHeaders().getContentType()))) {
      write(generator, response);
    }
    output.getHeaders().setContentLength(body.size());
    body.writeTo(output.getBody());
  }

  private void write(JsonGenerator generator, Object value) {
    if (value == null) {
      generator.writeNull();
    } else if (value instanceof String text) {
      generator.writeString(text);
    } else if (value instanceof Map<?, ?> map) {
      generator.writeStartObject();
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        Object key = entry.getKey();
        generator.writeName(key instanceof String name ? name : String.valueOf(key));
        write(generator, entry.getValue());
      }
      generator.writeEndObject();
    } else if (value instanceof List<?> list) {
      generator.writeStartArray();
      for (Object item : list) {
        write(generator, item);
      }
      generator.writeEndArray();
    } else if (value instanceof Boolean bool) {
      generator.writeBoolean(bool);
    } else if (value instanceof Integer number) {
      generator.writeNumber(number);
    } else if (value instanceof Long number) {
      generator.writeNumber(number);
    } else if (value instanceof Double number) {
      generator.writeNumber(number);
    } else if (value instanceof BigDecimal number) {
      generator.writeNumber(number);
    } else if (value instanceof BigInteger number) {
      generator.writeNumber(number);
    } else {
      defaultMapper.writeValue(generator, value);
    }
  }
}

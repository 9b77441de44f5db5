package app.reclaim.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.ResolvableType;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpOutputMessage;
import org.springframework.http.MediaType;
import tools.jackson.databind.json.JsonMapper;

/** The GraphQL response converter writes exactly the bytes Jackson's databind writes. */
class GraphQlJsonConverterTests {

  static final JsonMapper MAPPER = JsonMapper.builder().build();

  enum Kind {
    INTERNAL
  }

  record Extra(String detail, int count) {}

  static final class Output implements HttpOutputMessage {
    final ByteArrayOutputStream body = new ByteArrayOutputStream();
    final HttpHeaders headers = new HttpHeaders();

    @Override
    public OutputStream getBody() {
      return body;
    }

    @Override
    public HttpHeaders getHeaders() {
      return headers;
    }
  }

  static String written(Object value, MediaType type) throws IOException {
    Output output = new Output();
    output.getHeaders().setContentType(type);
    new GraphQlJsonConverter(MAPPER)
        .write(value, ResolvableType.forInstance(value), type, output, null);
    return output.body.toString(StandardCharsets.UTF_8);
  }

  @Test
  void writesWhatDatabindWritesForEveryKindOfValue() throws IOException {
    Map<String, Object> node = new LinkedHashMap<>();
    node.put("accountId", "557058:0007fb40");
    node.put("name", "Zoë \"Ziggy\" Ångström \\ 東京 \uD83D\uDE80\n\t");
    node.put("email", null);
    node.put("managed", true);
    node.put("count", 42);
    node.put("big", 9_007_199_254_740_993L);
    node.put("ratio", 0.1 + 0.2);
    node.put("money", new BigDecimal("12.50"));
    node.put("huge", new BigInteger("123456789012345678901234567890"));
    node.put("empty", List.of());
    node.put("nested", Map.of("k", List.of(1, "two", false)));
    Map<String, Object> errorExtensions = new LinkedHashMap<>();
    errorExtensions.put("code", Kind.INTERNAL);
    errorExtensions.put("extra", new Extra("x", 3));
    List<Object> edges = new ArrayList<>(Arrays.asList(node, null));
    Map<String, Object> response = new LinkedHashMap<>();
    response.put("data", Map.of("users", Map.of("edges", edges)));
    response.put("errors", List.of(Map.of("message", "boom", "extensions", errorExtensions)));

    for (MediaType type :
        List.of(
            MediaType.APPLICATION_JSON,
            MediaType.parseMediaType("application/graphql-response+json"))) {
      assertThat(written(response, type)).isEqualTo(MAPPER.writeValueAsString(response));
    }
  }

  @Test
  void sendsAResponseWholeWithItsLength() throws IOException {
    Map<String, Object> response = new LinkedHashMap<>();
    List<Object> edges = new ArrayList<>();
    for (int i = 0; i < 200; i++) { // about 9 KB: larger than one Jackson buffer
      edges.add(Map.of("cursor", "c-" + i, "node", Map.of("name", "Zoë Ångström " + i)));
    }
    response.put("data", Map.of("users", Map.of("edges", edges)));
    Output output = new Output();
    output.getHeaders().setContentType(MediaType.APPLICATION_JSON);
    new GraphQlJsonConverter(MAPPER)
        .write(
            response,
            ResolvableType.forInstance(response),
            MediaType.APPLICATION_JSON,
            output,
            null);
    byte[] expected = MAPPER.writeValueAsBytes(response);
    assertThat(output.body.toByteArray()).isEqualTo(expected);
    assertThat(output.getHeaders().getContentLength()).isEqualTo(expected.length);
  }

  @Test
  void aValueThatIsNotAMapIsWrittenByTheMapper() throws IOException {
    Extra extra = new Extra("not a response", 1);
    assertThat(written(extra, MediaType.APPLICATION_JSON))
        .isEqualTo(MAPPER.writeValueAsString(extra));
  }
}

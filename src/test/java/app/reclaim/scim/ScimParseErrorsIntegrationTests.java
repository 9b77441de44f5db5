package app.reclaim.scim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Malformed filters, {@code sortBy}, {@code attributes} and PATCH paths answer 400 with a plain
 * {@code detail} naming the position, never the parser's internals (Jackson's "Unexpected character
 * ('…' (code …))", "at [Source: …]", class names).
 */
class ScimParseErrorsIntegrationTests extends ScimTest {

  static final List<String> INTERNALS =
      List.of(
          "Source:",
          "REDACTED",
          "(code ",
          "Jackson",
          "jackson",
          "StreamReadFeature",
          "end-of-input",
          "token starting at",
          "com.",
          "Exception",
          "\n");

  @Test
  void shouldNameThePositionOfEachFilterSyntaxError() {
    Map<String, String> positions = new java.util.LinkedHashMap<>();
    positions.put("userName eq \"abc", "position 12"); // unterminated string
    positions.put("userName xx \"abc\"", "position 9"); // unknown operator
    positions.put("userName eq", "position 11"); // missing value
    positions.put("(userName eq \"abc\"", "position 0"); // the '(' never closed
    positions.put("userName eq \"abc\")", "position 17"); // unbalanced parenthesis
    positions.put("userName eq \"abc\" garbage", "position 18"); // trailing garbage
    positions.put("userName eq 'abc'", "position 12"); // not a JSON string
    positions.put("userName eq abc", "position 12"); // unquoted
    positions.put("userName eq \"abc\" and", "position 21"); // dangling and
    positions.put("not userName eq \"abc\"", "position 4"); // not without (
    positions.put("userName@x eq \"abc\"", "position 8"); // a character no name has

    positions.forEach(
        (filter, position) -> {
          var r = scim.get("/Users?filter=" + ScimHttp.q(filter));

          assertThat(r.status()).as(filter).isEqualTo(400);
          assertThat(r.<String>read("$.scimType")).as(filter).isEqualTo("invalidFilter");
          assertPlain(r.read("$.detail"), filter);
          assertThat(r.<String>read("$.detail"))
              .as(filter)
              .startsWith("Invalid filter at " + position + ":");
        });
  }

  @Test
  void shouldExplainTheCommonMistakesInWords() {
    assertThat(detail("/Users?filter=" + ScimHttp.q("userName xx \"abc\"")))
        .contains("comparison operator");
    assertThat(detail("/Users?filter=" + ScimHttp.q("userName eq \"abc")))
        .contains("string is not closed");
    assertThat(detail("/Users?filter=" + ScimHttp.q("userName eq abc"))).contains("quoted string");
    assertThat(detail("/Users?filter=" + ScimHttp.q("(userName eq \"abc\"")))
        .contains("'(' is not closed");
    assertThat(detail("/Users?filter=" + ScimHttp.q("userName eq \"abc\")")))
        .contains("')' has no matching '('");
    assertThat(detail("/Groups?filter=" + ScimHttp.q("displayName eq \"x\" garbage")))
        .contains("expected 'and', 'or'");
  }

  @Test
  void shouldNameThePositionInSearchBodiesSortByAttributesAndPatchPaths() {
    String id = createUser(unique("parse"));
    var search =
        scim.post(
            "/Users/.search",
            "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:SearchRequest\"],"
                + "\"filter\":\"userName eq \\\"abc\"}");
    var sortBy = scim.get("/Users?sortBy=" + ScimHttp.q("name..givenName"));
    var attributes =
        scim.get("/Users/" + id + "?attributes=" + ScimHttp.q("name.givenName,emails["));
    var excluded = scim.get("/Users?excludedAttributes=" + ScimHttp.q("user name"));
    var path =
        scim.patch(
            "/Users/" + id,
            patch("{\"op\":\"replace\",\"path\":\"emails[type eq \\\"wo\",\"value\":\"x\"}"));
    var pathOperator =
        scim.patch(
            "/Users/" + id,
            patch(
                "{\"op\":\"replace\",\"path\":\""
                    + ENTERPRISE
                    + ":manager[value xx \\\"x\\\"]\",\"value\":\"x\"}"));

    assertThat(search.<String>read("$.scimType")).isEqualTo("invalidFilter");
    assertPlain(search.read("$.detail"), "search");
    assertThat(search.<String>read("$.detail")).startsWith("Invalid filter at position 12:");
    assertThat(sortBy.status()).isEqualTo(400);
    assertThat(sortBy.<String>read("$.scimType")).isEqualTo("invalidPath");
    assertPlain(sortBy.read("$.detail"), "sortBy");
    assertThat(sortBy.<String>read("$.detail")).startsWith("Invalid sortBy at position 5:");
    assertThat(attributes.status()).as(attributes.body()).isEqualTo(400);
    assertPlain(attributes.read("$.detail"), "attributes");
    assertThat(attributes.<String>read("$.detail")).startsWith("Invalid attributes at position");
    assertThat(excluded.status()).isEqualTo(400);
    assertThat(excluded.<String>read("$.detail"))
        .startsWith("Invalid excludedAttributes at position 4:");
    assertThat(path.<String>read("$.scimType")).isEqualTo("invalidPath");
    assertPlain(path.read("$.detail"), "path");
    assertThat(path.<String>read("$.detail")).startsWith("Invalid path at position 15:");
    assertThat(pathOperator.<String>read("$.scimType")).isEqualTo("invalidPath");
    assertPlain(pathOperator.read("$.detail"), "path with a URN");
    assertThat(pathOperator.<String>read("$.detail"))
        .startsWith(
            "Invalid path at position "
                + (ENTERPRISE.length() + 1 + "manager[value ".length())
                + ":");
  }

  private String detail(String path) {
    var r = scim.get(path);
    assertThat(r.status()).as(r.body()).isEqualTo(400);
    String detail = r.read("$.detail");
    assertPlain(detail, path);
    return detail;
  }

  private static void assertPlain(String detail, String what) {
    assertThat(detail).as(what).contains("position");
    for (String internal : INTERNALS) {
      assertThat(detail).as(what + ": " + detail).doesNotContain(internal);
    }
  }
}

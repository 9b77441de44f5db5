package app.reclaim.atlassian;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.json.JsonMapper;

class ApiJsonTests {

  private final JsonMapper json = JsonMapper.builder().build();

  @ParameterizedTest
  @CsvSource(
      nullValues = "null",
      value = {
        "kloHX1ZQVasDAkx_P48NYQ, kloHX1ZQVasDAkx_P48NYQ",
        "'a+b/c==', 'a+b/c=='",
        "https://api.atlassian.com/admin/v1/orgs/o/domains?cursor=c%2F2%3D, c/2=",
        "/admin/v1/orgs/o/domains?limit=10&cursor=xyz, xyz",
        "https://api.atlassian.com/admin/v1/orgs/o/domains?limit=10, null",
        "'', null"
      })
  void shouldTakeTheNextCursorFromAnOpaqueValueOrAUrl(String next, String cursor) {
    String body = "{\"links\": {\"next\": " + json.writeValueAsString(next) + "}}";

    assertThat(ApiJson.nextCursor(json.readTree(body))).isEqualTo(cursor);
  }

  @Test
  void shouldEndTheListingWithoutNext() {
    assertThat(ApiJson.nextCursor(json.readTree("{\"links\": {\"next\": null}}"))).isNull();
    assertThat(ApiJson.nextCursor(json.readTree("{\"data\": []}"))).isNull();
  }

  @Test
  void shouldReadInstantsDatesAndOffsets() {
    assertThat(ApiJson.instant("2024-05-01T08:00:00Z"))
        .isEqualTo(Instant.parse("2024-05-01T08:00:00Z"));
    assertThat(ApiJson.instant("2024-05-01T10:00:00+02:00"))
        .isEqualTo(Instant.parse("2024-05-01T08:00:00Z"));
    assertThat(ApiJson.instant("2024-05-01")).isEqualTo(Instant.parse("2024-05-01T00:00:00Z"));
    assertThat(ApiJson.instant("<string>")).isNull();
  }

  @Test
  void shouldEncodeEveryPathValueAsOneSegment() {
    assertThat(HttpAdminApi.segment("712020:abc-DEF_1.x~")).isEqualTo("712020:abc-DEF_1.x~");
    assertThat(HttpAdminApi.segment("a/b c?d#é")).isEqualTo("a%2Fb%20c%3Fd%23%C3%A9");
    assertThatThrownBy(() -> HttpAdminApi.segment(".."))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

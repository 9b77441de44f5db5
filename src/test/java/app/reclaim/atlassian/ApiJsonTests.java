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
  void shouldReadUtcTimestampsAsJavaTimeDoes() {
    java.util.Random random = new java.util.Random(8);
    long min = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
    long max = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
    for (int i = 0; i < 200_000; i++) {
      Instant expected =
          Instant.ofEpochSecond(
              min + Math.floorMod(random.nextLong(), max - min + 1),
              random.nextInt(4) == 0 ? 0 : random.nextInt(1_000_000_000));
      // Instant.toString writes 0, 3, 6 or 9 fraction digits; other lengths cut them.
      String text = expected.toString();
      if (text.contains(".") && random.nextBoolean()) {
        int digits = 1 + random.nextInt(9);
        text = text.substring(0, Math.min(text.length() - 1, 20 + digits)) + "Z";
      }

      assertThat(ApiJson.utcInstant(text)).as(text).isEqualTo(Instant.parse(text));
    }
  }

  @ParameterizedTest
  @CsvSource({
    // java.time answers these (leap second, offsets, lower case, 24:00, a point without digits):
    // the fast path leaves them to it
    "2024-06-30T23:59:60Z, 2024-06-30T23:59:59Z",
    "2024-05-01T10:00:00+02:00, 2024-05-01T08:00:00Z",
    "2024-05-01t08:00:00z, 2024-05-01T08:00:00Z",
    "2024-05-01T24:00:00Z, 2024-05-02T00:00:00Z",
    "2024-05-01T08:00:00.Z, 2024-05-01T08:00:00Z"
  })
  void shouldLeaveOtherFormsToJavaTime(String text, String expected) {
    assertThat(ApiJson.utcInstant(text)).isNull();
    assertThat(ApiJson.instant(text)).isEqualTo(Instant.parse(expected));
  }

  @ParameterizedTest
  @CsvSource({
    "2023-02-29T12:00:00Z",
    "2024-04-31T12:00:00Z",
    "2024-13-01T12:00:00Z",
    "2024-00-10T12:00:00Z",
    "2024-05-01T08:60:00Z",
    "2024-05-01T08:00:00.1234567891Z",
    "2024-05-01T08:00:0xZ",
    "2024-05-01 08:00:00Z",
    "2024-05-01T08:00:00"
  })
  void shouldNotReadImpossibleOrMalformedTimestampsAsUtc(String text) {
    assertThat(ApiJson.utcInstant(text)).isNull();
    assertThat(ApiJson.instant(text)).as("java.time's answer").isNull();
  }

  @Test
  void shouldEncodeEveryPathValueAsOneSegment() {
    assertThat(HttpAdminApi.segment("712020:abc-DEF_1.x~")).isEqualTo("712020:abc-DEF_1.x~");
    assertThat(HttpAdminApi.segment("a/b c?d#é")).isEqualTo("a%2Fb%20c%3Fd%23%C3%A9");
    assertThatThrownBy(() -> HttpAdminApi.segment(".."))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

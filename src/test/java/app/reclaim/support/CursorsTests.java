package app.reclaim.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Cursors carry any text (and null) through, stay URL-safe, and refuse anything else. */
class CursorsTests {

  @Test
  void roundTripsAnyTextAndNull() {
    List<String> parts =
        Arrays.asList(
            "LAST_ACTIVE:asc:jira", null, "Zoë Ångström 東京 \uD83D\uDE80 ;-:;", "557058:a");
    String cursor = Cursors.encode("u", parts.toArray(String[]::new));
    assertThat(cursor).matches("[A-Za-z0-9_-]+");
    assertThat(Cursors.decode(cursor, "u", 4)).isEqualTo(parts);
  }

  @Test
  void refusesAnotherKindAndMalformedText() {
    String cursor = Cursors.encode("g", "a", "b");
    assertThatThrownBy(() -> Cursors.decode(cursor, "u", 2))
        .isInstanceOf(ReclaimException.class)
        .hasMessageContaining("another list");
    assertThatThrownBy(() -> Cursors.decode("%%%", "u", 2)).hasMessageContaining("malformed");
    String truncated = Base64.getUrlEncoder().withoutPadding().encodeToString("1u:5;ab".getBytes());
    assertThatThrownBy(() -> Cursors.decode(truncated, "u", 1)).hasMessageContaining("malformed");
  }
}

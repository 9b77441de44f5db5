package app.reclaim.atlassian;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpHeaders;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerWaitTests {

  private final Clock clock = Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC);

  @Test
  void shouldReadRetryAfterInSecondsOrAsAnHttpDate() {
    assertThat(ServerWait.retryAfter("120", clock)).isEqualTo(Duration.ofSeconds(120));
    assertThat(ServerWait.retryAfter("Sun, 01 Mar 2026 12:00:30 GMT", clock))
        .isEqualTo(Duration.ofSeconds(30));
    assertThat(ServerWait.retryAfter("Sun, 01 Mar 2026 11:00:00 GMT", clock))
        .isEqualTo(Duration.ZERO);
    assertThat(ServerWait.retryAfter("soon", clock)).isNull();
    assertThat(ServerWait.retryAfter("99999999999999999999999", clock))
        .isEqualTo(Duration.ofDays(365));
  }

  @Test
  void shouldReadXRateLimitResetAsAnIsoInstant() {
    assertThat(ServerWait.rateLimitReset("2026-03-01T12:00:05.500Z", clock))
        .isEqualTo(Duration.ofMillis(5_500));
    assertThat(ServerWait.rateLimitReset("2026-03-01T13:00:05+01:00", clock))
        .isEqualTo(Duration.ofSeconds(5));
    assertThat(ServerWait.rateLimitReset("2026-03-01T11:59:00Z", clock)).isEqualTo(Duration.ZERO);
    assertThat(ServerWait.rateLimitReset("1772366405", clock)).isNull();
  }

  @Test
  void shouldPreferRetryAfterOverXRateLimitReset() {
    assertThat(
            ServerWait.of(
                headers(Map.of("Retry-After", "7", "X-RateLimit-Reset", "2026-03-01T12:01:00Z")),
                clock))
        .isEqualTo(Duration.ofSeconds(7));
    assertThat(ServerWait.of(headers(Map.of("X-RateLimit-Reset", "2026-03-01T12:01:00Z")), clock))
        .isEqualTo(Duration.ofSeconds(60));
    assertThat(
            ServerWait.of(
                headers(
                    Map.of("Retry-After", "later", "X-RateLimit-Reset", "2026-03-01T12:01:00Z")),
                clock))
        .isEqualTo(Duration.ofSeconds(60));
    assertThat(ServerWait.of(headers(Map.of()), clock)).isNull();
  }

  private static HttpHeaders headers(Map<String, String> values) {
    Map<String, List<String>> multi = new java.util.HashMap<>();
    values.forEach((k, v) -> multi.put(k, List.of(v)));
    return HttpHeaders.of(multi, (k, v) -> true);
  }
}

package app.reclaim.atlassian;

import java.net.http.HttpHeaders;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * The wait a 429 or 503 asks for (ADMIN-API.md §1.7): {@code Retry-After} in seconds or as an HTTP
 * date (RFC 9110), else {@code X-RateLimit-Reset} as an ISO-8601 UTC instant. Unparseable values
 * count as absent; a moment already past is no wait.
 */
final class ServerWait {

  /** A year: longer asks are absurd, and the cap keeps the arithmetic safe. */
  private static final long MAX_SECONDS = 365L * 24 * 3600;

  private ServerWait() {}

  static Duration of(HttpHeaders headers, Clock clock) {
    Duration retryAfter =
        headers.firstValue("Retry-After").map(v -> retryAfter(v, clock)).orElse(null);
    if (retryAfter != null) {
      return retryAfter;
    }
    return headers.firstValue("X-RateLimit-Reset").map(v -> rateLimitReset(v, clock)).orElse(null);
  }

  static Duration retryAfter(String value, Clock clock) {
    String v = value.trim();
    if (!v.isEmpty() && v.chars().allMatch(Character::isDigit)) {
      long seconds;
      try {
        seconds = Long.parseLong(v);
      } catch (NumberFormatException tooLarge) {
        seconds = Long.MAX_VALUE;
      }
      return Duration.ofSeconds(Math.min(seconds, MAX_SECONDS));
    }
    try {
      return until(ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant(), clock);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  static Duration rateLimitReset(String value, Clock clock) {
    String v = value.trim();
    try {
      return until(Instant.parse(v), clock);
    } catch (DateTimeParseException e) {
      try {
        return until(OffsetDateTime.parse(v).toInstant(), clock);
      } catch (DateTimeParseException e2) {
        return null;
      }
    }
  }

  private static Duration until(Instant moment, Clock clock) {
    Duration d = Duration.between(clock.instant(), moment);
    return d.isNegative() ? Duration.ZERO : d;
  }
}

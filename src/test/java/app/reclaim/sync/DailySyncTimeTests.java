package app.reclaim.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class DailySyncTimeTests {

  static SyncProperties at(String time, String zone) {
    return new SyncProperties(
        true,
        LocalTime.parse(time),
        ZoneId.of(zone),
        100,
        Duration.ofMinutes(2),
        2,
        Duration.ofMinutes(1),
        1000);
  }

  @Test
  void shouldUseTodaysTimeOnceItHasPassed() {
    assertThat(
            DirectorySync.lastDailyTime(Instant.parse("2026-11-29T05:00:00Z"), at("03:00", "UTC")))
        .isEqualTo(Instant.parse("2026-11-29T03:00:00Z"));
  }

  @Test
  void shouldUseYesterdaysTimeBeforeTodaysHasCome() {
    assertThat(
            DirectorySync.lastDailyTime(Instant.parse("2026-11-29T02:59:59Z"), at("03:00", "UTC")))
        .isEqualTo(Instant.parse("2026-11-28T03:00:00Z"));
  }

  @Test
  void shouldReadTheTimeInTheConfiguredZone() {
    // 03:00 in Sydney (UTC+11 in November) is 16:00 UTC the day before.
    assertThat(
            DirectorySync.lastDailyTime(
                Instant.parse("2026-11-29T05:00:00Z"), at("03:00", "Australia/Sydney")))
        .isEqualTo(Instant.parse("2026-11-28T16:00:00Z"));
  }

  @Test
  void shouldMoveForwardAcrossADaylightSavingGap() {
    // 2026-03-29 02:30 does not exist in Berlin (clocks jump 02:00 → 03:00): it resolves to 03:30
    // CEST.
    assertThat(
            DirectorySync.lastDailyTime(
                Instant.parse("2026-03-29T12:00:00Z"), at("02:30", "Europe/Berlin")))
        .isEqualTo(Instant.parse("2026-03-29T01:30:00Z"));
  }
}

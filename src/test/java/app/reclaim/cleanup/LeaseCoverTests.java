package app.reclaim.cleanup;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.reclaim.atlassian.AtlassianProperties;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A run's lease must cover the client's request timeout, or no item could ever be sent. */
class LeaseCoverTests {

  @Test
  void shouldRefuseALeaseTooShortForTheRequestTimeout() {
    assertThatThrownBy(
            () ->
                CleanupConfiguration.requireLeaseCoversRequests(
                    cleanup(Duration.ofSeconds(3)), atlassian(Duration.ofSeconds(2))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("reclaim.cleanup.lease-ttl (3000 ms)")
        .hasMessageContaining("reclaim.atlassian.request-timeout (2000 ms)");
  }

  @Test
  void shouldAcceptTheDefaultsAndTheTestSettings() {
    assertThatCode(
            () -> CleanupConfiguration.requireLeaseCoversRequests(cleanup(null), atlassian(null)))
        .doesNotThrowAnyException();
    assertThatCode(
            () ->
                CleanupConfiguration.requireLeaseCoversRequests(
                    cleanup(Duration.ofSeconds(6)), atlassian(Duration.ofSeconds(2))))
        .doesNotThrowAnyException();
  }

  private static CleanupProperties cleanup(Duration leaseTtl) {
    return new CleanupProperties(0, 0, leaseTtl, false, null, 0, null, null, null, false, null);
  }

  private static AtlassianProperties atlassian(Duration requestTimeout) {
    return new AtlassianProperties(null, null, requestTimeout, null, null, null, null, null);
  }
}

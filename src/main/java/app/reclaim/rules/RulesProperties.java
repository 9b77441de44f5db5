package app.reclaim.rules;

import java.math.BigDecimal;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code reclaim.rules.*}: the monthly price of one seat per product key, in {@code currency}, for
 * preview's estimated savings (until per-org settings exist). Products without a price count seats
 * but no money.
 */
@ConfigurationProperties("reclaim.rules")
public record RulesProperties(Map<String, BigDecimal> seatPrices, String currency) {

  public RulesProperties {
    seatPrices = seatPrices == null ? Map.of() : Map.copyOf(seatPrices);
    currency = currency == null || currency.isBlank() ? "USD" : currency;
    seatPrices.forEach(
        (product, price) -> {
          if (price.signum() < 0) {
            throw new IllegalArgumentException(
                "reclaim.rules.seat-prices." + product + " must not be negative");
          }
        });
  }
}

package app.reclaim.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import graphql.GraphQLContext;
import graphql.execution.CoercedVariables;
import graphql.language.IntValue;
import graphql.language.StringValue;
import graphql.schema.CoercingParseLiteralException;
import graphql.schema.CoercingParseValueException;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class ScalarsTests {

  final GraphQLContext context = GraphQLContext.getDefault();

  @Test
  void shouldReadAndWriteIsoDates() {
    var coercing = Scalars.DATE.getCoercing();

    assertThat(coercing.parseValue("2027-03-31", context, Locale.ROOT))
        .isEqualTo(LocalDate.of(2027, 3, 31));
    assertThat(
            coercing.parseLiteral(
                new StringValue("2028-02-29"),
                CoercedVariables.emptyVariables(),
                context,
                Locale.ROOT))
        .isEqualTo(LocalDate.of(2028, 2, 29));
    assertThat(coercing.serialize(LocalDate.of(2027, 1, 5), context, Locale.ROOT))
        .isEqualTo("2027-01-05");
  }

  @Test
  void shouldRefuseAnythingButYyyyMmDd() {
    var coercing = Scalars.DATE.getCoercing();

    for (String bad :
        new String[] {
          "2027-02-30",
          "2027-3-31",
          "31.03.2027",
          "2027-03-31T00:00:00Z",
          "2027-W13-3",
          "",
          "tomorrow"
        }) {
      assertThatThrownBy(() -> coercing.parseValue(bad, context, Locale.ROOT))
          .as(bad)
          .isInstanceOf(CoercingParseValueException.class)
          .hasMessage("Date must be an ISO-8601 date (yyyy-mm-dd), e.g. 2027-03-31");
    }
    assertThatThrownBy(
            () ->
                coercing.parseLiteral(
                    new IntValue(BigInteger.valueOf(20270331)),
                    CoercedVariables.emptyVariables(),
                    context,
                    Locale.ROOT))
        .isInstanceOf(CoercingParseLiteralException.class);
  }

  @Test
  void writesInstantsExactlyAsInstantToStringDoes() {
    var coercing = Scalars.DATE_TIME.getCoercing();
    java.util.Random random = new java.util.Random(7);
    java.util.List<Instant> instants =
        new java.util.ArrayList<>(
            java.util.List.of(
                Instant.EPOCH,
                Instant.parse("1969-12-31T23:59:59.999Z"),
                Instant.parse("2024-02-29T23:59:59.999999999Z"),
                Instant.parse("9999-12-31T23:59:59.100Z"),
                Instant.parse("+10000-01-01T00:00:00Z"),
                Instant.parse("-0001-06-01T12:00:00Z"),
                Instant.MIN,
                Instant.MAX));
    for (int i = 0; i < 200_000; i++) {
      long seconds = random.nextLong(-5_000_000_000L, 300_000_000_000L);
      int nanos =
          switch (i % 4) {
            case 0 -> 0;
            case 1 -> random.nextInt(1_000) * 1_000_000;
            case 2 -> random.nextInt(1_000_000) * 1_000;
            default -> random.nextInt(1_000_000_000);
          };
      instants.add(Instant.ofEpochSecond(seconds, nanos));
    }
    for (Instant instant : instants) {
      assertThat(coercing.serialize(instant, context, Locale.ROOT))
          .as("%s", instant)
          .isEqualTo(instant.toString());
    }
  }
}

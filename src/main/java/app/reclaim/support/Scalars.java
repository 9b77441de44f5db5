package app.reclaim.support;

import graphql.GraphQLContext;
import graphql.execution.CoercedVariables;
import graphql.language.StringValue;
import graphql.language.Value;
import graphql.schema.Coercing;
import graphql.schema.CoercingParseLiteralException;
import graphql.schema.CoercingParseValueException;
import graphql.schema.CoercingSerializeException;
import graphql.schema.GraphQLScalarType;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.graphql.execution.RuntimeWiringConfigurer;

/**
 * The {@code DateTime} scalar, an ISO-8601 instant such as {@code 2026-11-29T10:15:30Z}, and the
 * {@code Date} scalar, an ISO-8601 calendar date such as {@code 2027-03-31}.
 */
@Configuration(proxyBeanMethods = false)
class Scalars {

  static final GraphQLScalarType DATE_TIME =
      GraphQLScalarType.newScalar()
          .name("DateTime")
          .description("An ISO-8601 instant in UTC, e.g. 2026-11-29T10:15:30Z.")
          .coercing(
              new Coercing<Instant, String>() {
                @Override
                public String serialize(Object value, GraphQLContext context, Locale locale) {
                  if (value instanceof Instant instant) {
                    return iso(instant);
                  }
                  throw new CoercingSerializeException(
                      "not an Instant: " + value.getClass().getSimpleName());
                }

                @Override
                public Instant parseValue(Object input, GraphQLContext context, Locale locale) {
                  try {
                    return Instant.parse(String.valueOf(input));
                  } catch (DateTimeParseException e) {
                    throw new CoercingParseValueException(
                        "DateTime must be ISO-8601, e.g. 2026-11-29T10:15:30Z");
                  }
                }

                @Override
                public Instant parseLiteral(
                    Value<?> input,
                    CoercedVariables variables,
                    GraphQLContext context,
                    Locale locale) {
                  if (input instanceof StringValue string) {
                    try {
                      return Instant.parse(string.getValue());
                    } catch (DateTimeParseException e) {
                      // fall through to the error below
                    }
                  }
                  throw new CoercingParseLiteralException(
                      "DateTime must be ISO-8601, e.g. 2026-11-29T10:15:30Z");
                }
              })
          .build();

  static final GraphQLScalarType DATE =
      GraphQLScalarType.newScalar()
          .name("Date")
          .description("An ISO-8601 calendar date without time or zone, e.g. 2027-03-31.")
          .coercing(
              new Coercing<LocalDate, String>() {
                @Override
                public String serialize(Object value, GraphQLContext context, Locale locale) {
                  if (value instanceof LocalDate date) {
                    return date.toString();
                  }
                  throw new CoercingSerializeException(
                      "not a LocalDate: " + value.getClass().getSimpleName());
                }

                @Override
                public LocalDate parseValue(Object input, GraphQLContext context, Locale locale) {
                  LocalDate date = parseDate(String.valueOf(input));
                  if (date == null) {
                    throw new CoercingParseValueException(DATE_FORMAT);
                  }
                  return date;
                }

                @Override
                public LocalDate parseLiteral(
                    Value<?> input,
                    CoercedVariables variables,
                    GraphQLContext context,
                    Locale locale) {
                  LocalDate date =
                      input instanceof StringValue string ? parseDate(string.getValue()) : null;
                  if (date == null) {
                    throw new CoercingParseLiteralException(DATE_FORMAT);
                  }
                  return date;
                }
              })
          .build();

  /** Instants of years 1970 to 9999, the ones a directory holds; others via {@link Instant}. */
  private static final long FAST_UNTIL = 253_402_300_800L; // 10000-01-01T00:00:00Z

  /**
   * Exactly {@link Instant#toString()} (ISO-8601 in UTC, the fraction in groups of three digits as
   * needed), written without a formatter: a page of 50 users formats 50 of them, and {@link
   * Instant#toString()} costs about 200 ns each here.
   */
  static String iso(Instant instant) {
    long seconds = instant.getEpochSecond();
    if (seconds < 0 || seconds >= FAST_UNTIL) {
      return instant.toString();
    }
    int nanos = instant.getNano();
    LocalDate date = LocalDate.ofEpochDay(seconds / 86_400);
    int time = (int) (seconds % 86_400);
    int digits = nanos == 0 ? 0 : nanos % 1_000_000 == 0 ? 3 : nanos % 1_000 == 0 ? 6 : 9;
    byte[] out = new byte[20 + (digits == 0 ? 0 : digits + 1)];
    put(out, 0, date.getYear(), 4);
    out[4] = '-';
    put(out, 5, date.getMonthValue(), 2);
    out[7] = '-';
    put(out, 8, date.getDayOfMonth(), 2);
    out[10] = 'T';
    put(out, 11, time / 3_600, 2);
    out[13] = ':';
    put(out, 14, time / 60 % 60, 2);
    out[16] = ':';
    put(out, 17, time % 60, 2);
    if (digits > 0) {
      out[19] = '.';
      put(out, 20, nanos / (digits == 3 ? 1_000_000 : digits == 6 ? 1_000 : 1), digits);
    }
    out[out.length - 1] = 'Z';
    return new String(out, java.nio.charset.StandardCharsets.ISO_8859_1);
  }

  private static void put(byte[] out, int at, int value, int width) {
    for (int i = at + width - 1; i >= at; i--) {
      out[i] = (byte) ('0' + value % 10);
      value /= 10;
    }
  }

  private static final String DATE_FORMAT =
      "Date must be an ISO-8601 date (yyyy-mm-dd), e.g. 2027-03-31";

  /** Strictly yyyy-mm-dd: no time, no zone, no week or ordinal dates. */
  static LocalDate parseDate(String text) {
    try {
      return LocalDate.parse(text, DateTimeFormatter.ISO_LOCAL_DATE);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  @Bean
  RuntimeWiringConfigurer reclaimScalars() {
    return wiring -> wiring.scalar(DATE_TIME).scalar(DATE);
  }
}

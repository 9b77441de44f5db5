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
                    return instant.toString();
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

package app.reclaim.support;

import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.execution.AbortExecutionException;
import graphql.execution.ExecutionContext;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationExecuteOperationParameters;
import graphql.execution.instrumentation.parameters.InstrumentationExecutionParameters;
import graphql.language.SourceLocation;
import graphql.parser.ParserOptions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.graphql.autoconfigure.GraphQlSourceBuilderCustomizer;
import org.springframework.graphql.execution.GraphQlSource;
import org.springframework.stereotype.Component;

/**
 * Enforces {@link GraphQlLimits} on every operation, whatever the transport: the document size
 * before parsing, the parser's token budget while parsing, and page sizes, depth, field count, cost
 * and aliases once the document is valid and its variables coerced, before the first resolver runs.
 * A refused operation ends as a request error (no {@code data}), so GraphQL over HTTP answers 400.
 *
 * <p>It is graphql-java's only instrumentation, installed as it is: Spring for GraphQL wraps the
 * instrumentation beans it finds in a {@code ChainedInstrumentation}, even a single one, and a
 * chain builds a context per instrumentation for every field fetched and completed, which cost an
 * eighth of a 50-user page (bench/run.sh, JFR). Operation-wide checks of other modules are {@link
 * OperationCheck} beans run here, not instrumentations of their own.
 */
@Component
class QueryLimitsInstrumentation extends SimplePerformantInstrumentation
    implements GraphQlSourceBuilderCustomizer {

  private static final Logger log = LoggerFactory.getLogger(QueryLimitsInstrumentation.class);

  private final GraphQlLimits limits;
  private final ParserOptions parserOptions;
  private final List<OperationCheck> checks;

  QueryLimitsInstrumentation(GraphQlLimits limits) {
    this(limits, List.of());
  }

  @org.springframework.beans.factory.annotation.Autowired
  QueryLimitsInstrumentation(GraphQlLimits limits, List<OperationCheck> checks) {
    this.limits = limits;
    this.checks = List.copyOf(checks);
    int maxCharacters = (int) Math.min(Integer.MAX_VALUE, limits.maxDocumentSize().toBytes());
    this.parserOptions =
        ParserOptions.getDefaultOperationParserOptions()
            .transform(
                options -> options.maxCharacters(maxCharacters).maxTokens(limits.maxTokens()));
  }

  @Override
  public void customize(GraphQlSource.SchemaResourceBuilder builder) {
    builder.configureGraphQl(graphQl -> graphQl.instrumentation(this));
  }

  @Override
  public ExecutionInput instrumentExecutionInput(
      ExecutionInput input,
      InstrumentationExecutionParameters parameters,
      InstrumentationState state) {
    long size = utf8Length(input.getQuery());
    long maximum = limits.maxDocumentSize().toBytes();
    if (size > maximum) {
      throw refuse(
          List.of(
              limitError(
                  "documentSize",
                  maximum,
                  size,
                  "The document is " + size + " bytes; the maximum is " + maximum + " bytes.",
                  null)));
    }
    // graphql-java reads its parser limits from the request's context; these are ours, not its
    // defaults.
    input.getGraphQLContext().put(ParserOptions.class, parserOptions);
    return input;
  }

  @Override
  public InstrumentationContext<ExecutionResult> beginExecuteOperation(
      InstrumentationExecuteOperationParameters parameters, InstrumentationState state) {
    ExecutionContext context = parameters.getExecutionContext();
    List<GraphQLError> errors =
        QueryAnalysis.violations(
            limits,
            context.getGraphQLSchema(),
            context.getDocument(),
            context.getOperationDefinition(),
            context.getFragmentsByName(),
            context.getCoercedVariables());
    if (!errors.isEmpty()) {
      throw refuse(errors);
    }
    runChecks(context);
    return super.beginExecuteOperation(parameters, state);
  }

  /**
   * The operation checks; one that cannot do its work refuses the operation as a request error
   * rather than letting the exception escape execution as an HTTP 500: UNAVAILABLE (with a retry
   * hint) when the database does not answer, else INTERNAL.
   */
  private void runChecks(ExecutionContext context) {
    try {
      checks.forEach(check -> check.check(context));
    } catch (AbortExecutionException refused) {
      throw refused;
    } catch (RuntimeException e) {
      if (Unavailable.is(e)) {
        log.warn("database unavailable for an operation check", e);
        throw new AbortExecutionException(
            List.of(Unavailable.error(GraphqlErrorBuilder.newError())));
      }
      log.error("operation check failed", e);
      throw new AbortExecutionException(
          List.of(
              GraphqlErrorBuilder.newError()
                  .errorType(ErrorCode.INTERNAL)
                  .message("internal error")
                  .extensions(Map.of("code", ErrorCode.INTERNAL.name()))
                  .build()));
    }
  }

  private static AbortExecutionException refuse(List<GraphQLError> errors) {
    log.info(
        "refused GraphQL operation: {}", errors.stream().map(GraphQLError::getMessage).toList());
    return new AbortExecutionException(errors);
  }

  /**
   * A limit error: code BAD_USER_INPUT, plus which limit, its maximum and (when known) the value
   * sent.
   */
  static GraphQLError limitError(
      String limit, long maximum, Long actual, String message, SourceLocation location) {
    Map<String, Object> extensions = new LinkedHashMap<>();
    extensions.put("code", ErrorCode.BAD_USER_INPUT.name());
    extensions.put("limit", limit);
    extensions.put("maximum", maximum);
    if (actual != null) {
      extensions.put("actual", actual);
    }
    var error =
        GraphqlErrorBuilder.newError()
            .errorType(ErrorCode.BAD_USER_INPUT)
            .message(message)
            .extensions(extensions);
    if (location != null) {
      error.location(location);
    }
    return error.build();
  }

  static long utf8Length(CharSequence text) {
    long bytes = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c)) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }
}

package app.reclaim.support;

import graphql.ErrorClassification;
import graphql.ErrorType;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Gives every error that graphql-java raises itself (syntax, validation, limits) a stable {@code
 * extensions.code} too, so clients branch on one field for every failure.
 */
@Component
class ErrorCodeInterceptor implements WebGraphQlInterceptor {

  /**
   * graphql-java's classifications for introspection it refuses: switched off ({@code
   * spring.graphql.schema.introspection.enabled=false}) or not asked in good faith (too deep,
   * {@code __schema} repeated). Both are the client's request, not a server fault.
   */
  private static final Set<String> REFUSED_INTROSPECTION =
      Set.of("IntrospectionDisabled", "BadFaithIntrospection");

  @Override
  public Mono<WebGraphQlResponse> intercept(WebGraphQlRequest request, Chain chain) {
    return chain
        .next(request)
        .map(
            response ->
                response.getErrors().stream()
                        .anyMatch(
                            e ->
                                e.getExtensions() == null || !e.getExtensions().containsKey("code"))
                    ? response.transform(
                        b -> b.errors(withCodes(response.getExecutionResult().getErrors())))
                    : response);
  }

  private static List<GraphQLError> withCodes(List<GraphQLError> errors) {
    return errors.stream().map(ErrorCodeInterceptor::withCode).toList();
  }

  private static GraphQLError withCode(GraphQLError error) {
    Map<String, Object> extensions =
        error.getExtensions() == null
            ? new LinkedHashMap<>()
            : new LinkedHashMap<>(error.getExtensions());
    if (extensions.containsKey("code")) {
      return error;
    }
    extensions.put("code", codeOf(error.getErrorType()).name());
    return GraphqlErrorBuilder.newError()
        .message(error.getMessage())
        .locations(error.getLocations())
        .path(error.getPath())
        .errorType(error.getErrorType())
        .extensions(extensions)
        .build();
  }

  static ErrorCode codeOf(ErrorClassification type) {
    if (type instanceof ErrorCode code) {
      return code;
    }
    if (type == ErrorType.InvalidSyntax
        || type == ErrorType.ValidationError
        || type == org.springframework.graphql.execution.ErrorType.BAD_REQUEST
        || REFUSED_INTROSPECTION.contains(String.valueOf(type))) {
      return ErrorCode.BAD_USER_INPUT;
    }
    if (type == org.springframework.graphql.execution.ErrorType.UNAUTHORIZED) {
      return ErrorCode.UNAUTHENTICATED;
    }
    if (type == org.springframework.graphql.execution.ErrorType.FORBIDDEN) {
      return ErrorCode.FORBIDDEN;
    }
    if (type == org.springframework.graphql.execution.ErrorType.NOT_FOUND) {
      return ErrorCode.NOT_FOUND;
    }
    return ErrorCode.INTERNAL;
  }
}

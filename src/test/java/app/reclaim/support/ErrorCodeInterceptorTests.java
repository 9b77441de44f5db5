package app.reclaim.support;

import static org.assertj.core.api.Assertions.assertThat;

import graphql.ErrorType;
import graphql.execution.AbortExecutionException;
import graphql.introspection.IntrospectionDisabledError;
import graphql.language.SourceLocation;
import org.junit.jupiter.api.Test;

class ErrorCodeInterceptorTests {

  @Test
  void shouldCodeRefusedIntrospectionAsBadUserInput() {
    var disabled = new IntrospectionDisabledError(new SourceLocation(1, 3));
    var badFaith = graphql.ErrorClassification.errorClassification("BadFaithIntrospection");

    assertThat(ErrorCodeInterceptor.codeOf(disabled.getErrorType()))
        .isEqualTo(ErrorCode.BAD_USER_INPUT);
    assertThat(ErrorCodeInterceptor.codeOf(badFaith)).isEqualTo(ErrorCode.BAD_USER_INPUT);
  }

  @Test
  void shouldKeepSyntaxAndValidationAsBadUserInputAndTheRestInternal() {
    assertThat(ErrorCodeInterceptor.codeOf(ErrorType.InvalidSyntax))
        .isEqualTo(ErrorCode.BAD_USER_INPUT);
    assertThat(ErrorCodeInterceptor.codeOf(ErrorType.ValidationError))
        .isEqualTo(ErrorCode.BAD_USER_INPUT);
    assertThat(ErrorCodeInterceptor.codeOf(new AbortExecutionException("timeout").getErrorType()))
        .isEqualTo(ErrorCode.INTERNAL);
  }
}

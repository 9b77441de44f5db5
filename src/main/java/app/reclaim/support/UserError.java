package app.reclaim.support;

import java.util.List;

/**
 * A problem with a mutation's input that the client must handle (GraphQL {@code UserError}): the
 * path of the offending input field, a message for people, and a stable code for programs.
 */
public record UserError(List<String> field, String message, String code) {

  public UserError {
    field = field == null ? List.of() : List.copyOf(field);
  }

  public static UserError of(String code, String message, String... field) {
    return new UserError(List.of(field), message, code);
  }
}

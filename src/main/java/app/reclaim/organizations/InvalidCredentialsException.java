package app.reclaim.organizations;

import app.reclaim.organizations.UpdateOrganizationPayload.UserError;
import app.reclaim.support.ErrorCode;
import app.reclaim.support.ReclaimException;
import java.util.List;
import java.util.stream.Collectors;

/** Credentials that cannot be stored; the messages name the fault, never the key. */
public class InvalidCredentialsException extends ReclaimException {

  private final List<UserError> userErrors;

  public InvalidCredentialsException(List<UserError> userErrors) {
    super(
        ErrorCode.BAD_USER_INPUT,
        userErrors.stream().map(UserError::message).collect(Collectors.joining("; ")));
    this.userErrors = List.copyOf(userErrors);
  }

  public List<UserError> userErrors() {
    return userErrors;
  }
}

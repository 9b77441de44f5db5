package app.reclaim.organizations;

import java.util.List;

/**
 * The result of {@code updateOrganization}: the organization as stored afterwards, or null with
 * {@code userErrors} saying what input to fix (nothing was written then).
 */
public record UpdateOrganizationPayload(Organization organization, List<UserError> userErrors) {

  public UpdateOrganizationPayload {
    userErrors = List.copyOf(userErrors);
  }

  static UpdateOrganizationPayload rejected(UserError error) {
    return new UpdateOrganizationPayload(null, List.of(error));
  }

  /**
   * Input a client must fix: the path to the input field, a message for people, a code for
   * programs. The schema's one {@code UserError} type; belongs in {@code support} once another
   * module needs it.
   */
  public record UserError(List<String> field, String message, String code) {}
}

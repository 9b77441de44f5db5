package app.reclaim.directory;

import java.util.Set;

/**
 * Which users to list; every set criterion must hold (AND), a criterion left null does not filter.
 *
 * @param search case-insensitive substring of the name or the email
 * @param statuses any of these statuses
 * @param accountTypes any of these account types
 * @param hasAccessTo a product key the user has access to (reported by the admin API, or granted by
 *     a group the user is in)
 * @param inactiveDays at least this many days without activity: in {@code inactiveProduct} when
 *     set, otherwise in every product (no activity anywhere in that time); never active counts as
 *     inactive
 * @param inactiveProduct the product {@code inactiveDays} applies to
 * @param neverActive true: no recorded activity in any product; false: some activity
 * @param managed true: the email's domain is verified by the org (managed account); false: not
 * @param memberOf a group id the user is a member of
 * @param emailDomains any of these email domains (case-insensitive)
 */
public record UserFilter(
    String search,
    Set<UserStatus> statuses,
    Set<AccountType> accountTypes,
    String hasAccessTo,
    Integer inactiveDays,
    String inactiveProduct,
    Boolean neverActive,
    Boolean managed,
    String memberOf,
    Set<String> emailDomains) {

  public static final UserFilter NONE =
      new UserFilter(null, null, null, null, null, null, null, null, null, null);
}

package app.reclaim.rules;

import app.reclaim.directory.AccountType;
import app.reclaim.directory.DirectoryUser;
import app.reclaim.organizations.OrganizationSettings;
import app.reclaim.rules.UserEvaluation.Reason;
import java.util.List;
import java.util.Set;

/**
 * The accounts no rule acts on, whatever the rule says: org admins, the accounts and the members of
 * the groups the org's settings protect, and app (bot) accounts unless the rule opts them in
 * ({@code includeApps}). Built from the settings read when the evaluation starts (a preview, a
 * run's planning, a restore), so every path applies the protections in force at that moment. The
 * evaluator requires one; restore asks it per account.
 */
public final class Protections {

  public static final String ORG_ADMIN = "ORG_ADMIN";
  public static final String PROTECTED_ACCOUNT = "PROTECTED_ACCOUNT";
  public static final String PROTECTED_GROUP = "PROTECTED_GROUP";
  public static final String APP_ACCOUNT = "APP_ACCOUNT";

  private static final Reason ADMIN =
      new Reason(ORG_ADMIN, "organization admins are always protected");
  private static final Reason APP = new Reason(APP_ACCOUNT, "app accounts need includeApps");

  private final Set<String> accounts;
  private final List<String> groups;

  private Protections(Set<String> accounts, Set<String> groups) {
    this.accounts = Set.copyOf(accounts);
    this.groups = groups.stream().sorted().toList();
  }

  /** The protections of an org's settings (plus org admins and app accounts, always). */
  public static Protections of(OrganizationSettings settings) {
    return new Protections(settings.protectedAccounts(), settings.protectedGroups());
  }

  /**
   * Why {@code user} is protected from a rule (opting app accounts in or not), or null when nothing
   * protects them. First match in this order: org admin, protected account, member of a protected
   * group (the detail names the group), app account.
   */
  public Reason reason(DirectoryUser user, boolean includeApps) {
    if (user.orgAdmin()) {
      return ADMIN;
    }
    if (accounts.contains(user.accountId())) {
      return new Reason(PROTECTED_ACCOUNT, user.accountId());
    }
    if (!groups.isEmpty()) {
      Set<String> memberOf = user.groupIds();
      for (String g : groups) {
        if (memberOf.contains(g)) {
          return new Reason(PROTECTED_GROUP, g);
        }
      }
    }
    if (user.accountType() == AccountType.APP && !includeApps) {
      return APP;
    }
    return null;
  }

  /**
   * As {@link #reason(DirectoryUser, boolean)} for an account the directory may no longer hold
   * ({@code user} null): then only the protected account ids can say.
   */
  public Reason reason(String accountId, DirectoryUser user, boolean includeApps) {
    if (user != null) {
      return reason(user, includeApps);
    }
    return accounts.contains(accountId) ? new Reason(PROTECTED_ACCOUNT, accountId) : null;
  }
}

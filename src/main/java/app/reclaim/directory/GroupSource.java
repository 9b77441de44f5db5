package app.reclaim.directory;

/**
 * Where a group is managed, from the admin API's {@code externalSynced}/{@code managedBy}: LOCAL
 * (admins), IDP_SYNCED (an identity provider; membership can only change there), TEAM_MANAGED (team
 * members), OPEN (anyone may join).
 */
public enum GroupSource {
  LOCAL,
  IDP_SYNCED,
  TEAM_MANAGED,
  OPEN;

  /** Whether Reclaim can change this group's membership through the Atlassian admin API. */
  public boolean changeableInAtlassian() {
    return this != IDP_SYNCED;
  }
}

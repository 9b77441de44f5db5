package app.reclaim.store;

/**
 * Answers which region an org's data is pinned to. Implemented by the organizations module (which
 * owns the registry) so that the store stays below every domain module.
 */
public interface RegionResolver {

  /**
   * The org's region; throws {@link UnknownOrganizationException} when the org is not installed.
   */
  String regionOf(String orgId);

  /**
   * Throws when the org's data may not be written now (its data is being moved to another region,
   * or it is being uninstalled); reads go on. Nothing by default.
   */
  default void requireWritable(String orgId) {}
}

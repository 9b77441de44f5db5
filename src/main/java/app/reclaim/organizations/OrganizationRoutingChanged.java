package app.reclaim.organizations;

/**
 * Published on an instance when it learns that an org's data no longer lives where it did: a
 * residency move committed ({@code region} is the new one) or the org was uninstalled ({@code
 * region} is null). The instance that did it publishes at once; every other one when its cached
 * registry row expires and is read again. Caches of the org's data (the directory index) are
 * dropped on it.
 */
public record OrganizationRoutingChanged(String orgId, String previousRegion, String region) {

  public boolean removed() {
    return region == null;
  }
}

package app.reclaim.organizations;

/** What the platform (or the demo) gives to install an org. */
public record InstallOrganization(String orgId, String name, String region) {}

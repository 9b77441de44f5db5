package app.reclaim.organizations;

/** What an org admin may change about the organization: its display name. */
public record UpdateOrganizationInput(String name) {}

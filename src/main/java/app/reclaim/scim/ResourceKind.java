package app.reclaim.scim;

/** The two resource types served, with the names the RFC gives them. */
enum ResourceKind {
  USER("User", "Users", ScimSchemas.USER),
  GROUP("Group", "Groups", ScimSchemas.GROUP);

  final String resourceType;
  final String endpoint;
  final String coreSchema;

  ResourceKind(String resourceType, String endpoint, String coreSchema) {
    this.resourceType = resourceType;
    this.endpoint = endpoint;
    this.coreSchema = coreSchema;
  }

  /** userName for users, displayName for groups: the case-insensitively unique attribute. */
  String uniqueAttribute() {
    return this == USER ? "userName" : "displayName";
  }
}

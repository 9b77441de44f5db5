package app.reclaim.scim;

import java.time.Instant;

/** A SCIM token as admins see it: never the secret, never its hash. */
public record ScimToken(String id, String label, Instant createdAt, Instant lastUsedAt) {}

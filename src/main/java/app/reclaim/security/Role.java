package app.reclaim.security;

/** What a caller may do: ADMIN reads and acts, VIEWER reads, PLATFORM drives /platform only. */
public enum Role {
  ADMIN,
  VIEWER,
  PLATFORM
}

package app.reclaim.directory;

/**
 * The admin API's composite status: ACTIVE (account and membership active), SUSPENDED (membership
 * suspended), DEACTIVATED (account inactive, or scheduled for deletion), NOT_INVITED (no
 * membership).
 */
public enum UserStatus {
  ACTIVE,
  SUSPENDED,
  DEACTIVATED,
  NOT_INVITED
}

package app.reclaim.directory;

/** Atlassian's account types: people, bots and apps, and service-management customers. */
public enum AccountType {
  ATLASSIAN,
  APP,
  CUSTOMER
}

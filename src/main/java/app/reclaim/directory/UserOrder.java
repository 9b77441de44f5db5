package app.reclaim.directory;

/**
 * How to order users; ties are broken by account id so every ordering is total and cursors stable.
 * {@code product} applies to LAST_ACTIVE only (absent: the latest activity across products). Users
 * without a value (never active, no name) sort first ascending and last descending.
 */
public record UserOrder(Field field, boolean descending, String product) {

  public enum Field {
    NAME,
    EMAIL,
    LAST_ACTIVE,
    ADDED_TO_ORG
  }

  public static final UserOrder DEFAULT = new UserOrder(Field.NAME, false, null);

  /** A stable text key naming this ordering, carried in cursors. */
  String key() {
    return field + (descending ? ":desc" : ":asc") + (product == null ? "" : ":" + product);
  }
}

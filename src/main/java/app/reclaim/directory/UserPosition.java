package app.reclaim.directory;

import app.reclaim.support.Cursors;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A position in an ordered user list: the ordering, the sort value and the account id of the last
 * user returned. Encoded in cursors, so a page continues correctly after writes in between.
 *
 * <p>Cursors are URL-safe base64 of a few bytes (see {@link CompactCursor}): the ordering as a
 * field byte and the product's hash, the value as epoch milliseconds or text, and the account id
 * packed when it has one of Atlassian's forms ({@code <number>:<uuid>}, 24 hex digits): 38 to 48
 * characters where the text form ({@link Cursors}) took 110 to 150, and on a 50-user page the
 * cursors were half of the 12.5 KB response. Cursors of the text form, handed out before, still
 * decode.
 */
record UserPosition(String orderKey, String value, String accountId) {

  private static final String KIND = "u";

  static UserPosition of(DirectoryUser user, UserOrder order) {
    Object value = UserOrdering.sortValue(user, order);
    return new UserPosition(order.key(), value == null ? null : value.toString(), user.accountId());
  }

  /** The cursor of {@code user}'s position in {@code order}. */
  static String cursor(DirectoryUser user, UserOrder order) {
    return CompactCursor.encode(order, UserOrdering.sortValue(user, order), user.accountId());
  }

  /** The text form, as cursors were written before the compact one (tests, compatibility). */
  String encode() {
    return Cursors.encode(KIND, orderKey, value, accountId);
  }

  /** Decodes a cursor made for {@code order}; a cursor of another ordering or kind is bad input. */
  static UserPosition decode(String cursor, UserOrder order) {
    if (CompactCursor.isCompact(cursor)) {
      UserPosition position = CompactCursor.decode(cursor, order);
      position.probe(order); // validates the value's form
      return position;
    }
    List<String> parts = Cursors.decode(cursor, KIND, 3);
    if (!order.key().equals(parts.get(0))) {
      throw Cursors.invalid("this cursor belongs to another ordering");
    }
    UserPosition position = new UserPosition(parts.get(0), parts.get(1), parts.get(2));
    position.probe(order); // validates the value's form
    return position;
  }

  /** A user that sorts exactly where the cursor's user sorted. */
  DirectoryUser probe(UserOrder order) {
    String name = null;
    String email = null;
    Instant added = null;
    Map<String, Instant> lastActive = Map.of();
    try {
      switch (order.field()) {
        case NAME -> name = value;
        case EMAIL -> email = value;
        case ADDED_TO_ORG -> added = value == null ? null : Instant.parse(value);
        case LAST_ACTIVE ->
            lastActive =
                value == null
                    ? Map.of()
                    : Map.of(order.product() == null ? "" : order.product(), Instant.parse(value));
      }
    } catch (java.time.format.DateTimeParseException e) {
      throw Cursors.invalid("malformed cursor");
    }
    return new DirectoryUser(
        accountId,
        name,
        email,
        AccountType.ATLASSIAN,
        UserStatus.ACTIVE,
        false,
        false,
        false,
        added,
        Set.of(),
        lastActive,
        Set.of());
  }
}

package app.reclaim.directory;

import java.time.Instant;
import java.util.Comparator;
import java.util.function.Function;

/** The total orders users are listed in: the sort value (nulls first), then account id. */
final class UserOrdering {

  private UserOrdering() {}

  static Comparator<DirectoryUser> comparator(UserOrder order) {
    Comparator<DirectoryUser> ascending =
        switch (order.field()) {
          case NAME -> text(DirectoryUser::name);
          case EMAIL -> text(DirectoryUser::email);
          case ADDED_TO_ORG -> instant(DirectoryUser::addedToOrg);
          case LAST_ACTIVE -> instant(lastActive(order.product()));
        };
    ascending = ascending.thenComparing(DirectoryUser::accountId);
    return order.descending() ? ascending.reversed() : ascending;
  }

  /** The value a user is sorted by under {@code order}, as carried in a cursor. */
  static Object sortValue(DirectoryUser user, UserOrder order) {
    return switch (order.field()) {
      case NAME -> user.name();
      case EMAIL -> user.email();
      case ADDED_TO_ORG -> user.addedToOrg();
      case LAST_ACTIVE -> lastActive(order.product()).apply(user);
    };
  }

  static Function<DirectoryUser, Instant> lastActive(String product) {
    return product == null ? DirectoryUser::lastActive : u -> u.lastActiveIn(product);
  }

  private static Comparator<DirectoryUser> text(Function<DirectoryUser, String> key) {
    return Comparator.comparing(
        key,
        Comparator.nullsFirst(
            String.CASE_INSENSITIVE_ORDER.thenComparing(Comparator.naturalOrder())));
  }

  private static Comparator<DirectoryUser> instant(Function<DirectoryUser, Instant> key) {
    return Comparator.comparing(key, Comparator.nullsFirst(Comparator.naturalOrder()));
  }
}

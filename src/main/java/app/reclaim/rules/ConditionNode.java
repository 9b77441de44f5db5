package app.reclaim.rules;

import app.reclaim.directory.AccountType;
import app.reclaim.directory.GroupSource;
import app.reclaim.directory.UserStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One node of a rule's condition tree: exactly one field is set (validation says so). {@code all},
 * {@code any} and {@code not} combine nodes; every other field is a leaf condition. The same shape
 * serves the GraphQL input, the stored JSON and the GraphQL output, so a rule reads back as
 * written.
 */
public record ConditionNode(
    List<ConditionNode> all,
    List<ConditionNode> any,
    ConditionNode not,
    ProductDays inactiveInProduct,
    Days inactiveInAnyProduct,
    Days inactiveInAllProducts,
    Days neverActive,
    List<String> emailDomainIn,
    List<String> emailDomainNotIn,
    Boolean unmanaged,
    List<AccountType> accountType,
    List<UserStatus> status,
    List<String> memberOf,
    List<String> notMemberOf,
    String hasProductAccess,
    GroupSource groupSource,
    Instant addedBefore,
    Instant addedAfter) {

  /** No activity in {@code product} for at least {@code days} days. */
  public record ProductDays(String product, Integer days) {}

  /** A number of days. */
  public record Days(Integer days) {}

  /** The names of the fields that are set (exactly one in a valid node). */
  public List<String> setFields() {
    List<String> set = new ArrayList<>();
    Object[] values = {
      all,
      any,
      not,
      inactiveInProduct,
      inactiveInAnyProduct,
      inactiveInAllProducts,
      neverActive,
      emailDomainIn,
      emailDomainNotIn,
      unmanaged,
      accountType,
      status,
      memberOf,
      notMemberOf,
      hasProductAccess,
      groupSource,
      addedBefore,
      addedAfter
    };
    for (int i = 0; i < values.length; i++) {
      if (values[i] != null) {
        set.add(FIELDS.get(i));
      }
    }
    return set;
  }

  static final List<String> FIELDS =
      List.of(
          "all",
          "any",
          "not",
          "inactiveInProduct",
          "inactiveInAnyProduct",
          "inactiveInAllProducts",
          "neverActive",
          "emailDomainIn",
          "emailDomainNotIn",
          "unmanaged",
          "accountType",
          "status",
          "memberOf",
          "notMemberOf",
          "hasProductAccess",
          "groupSource",
          "addedBefore",
          "addedAfter");

  // ---- builders, for tests and code that writes rules --------------------------------------

  private static final ConditionNode EMPTY =
      new ConditionNode(
          null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
          null, null, null);

  public static ConditionNode all(ConditionNode... nodes) {
    return new ConditionNode(
        List.of(nodes),
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  public static ConditionNode any(ConditionNode... nodes) {
    return new ConditionNode(
        null,
        List.of(nodes),
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  public static ConditionNode not(ConditionNode node) {
    return new ConditionNode(
        null, null, node, null, null, null, null, null, null, null, null, null, null, null, null,
        null, null, null);
  }

  public static ConditionNode inactiveInProduct(String product, int days) {
    return new ConditionNode(
        null,
        null,
        null,
        new ProductDays(product, days),
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  public static ConditionNode inactiveInAnyProduct(int days) {
    return new ConditionNode(
        null,
        null,
        null,
        null,
        new Days(days),
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  public static ConditionNode inactiveInAllProducts(int days) {
    return new ConditionNode(
        null,
        null,
        null,
        null,
        null,
        new Days(days),
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  public static ConditionNode neverActive(int addedAtLeastDays) {
    return new ConditionNode(
        null,
        null,
        null,
        null,
        null,
        null,
        new Days(addedAtLeastDays),
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  public static ConditionNode emailDomainIn(String... domains) {
    return new ConditionNode(
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        List.of(domains),
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  public static ConditionNode emailDomainNotIn(String... domains) {
    return new ConditionNode(
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        List.of(domains),
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  public static ConditionNode unmanaged(boolean unmanaged) {
    return new ConditionNode(
        null, null, null, null, null, null, null, null, null, unmanaged, null, null, null, null,
        null, null, null, null);
  }

  public static ConditionNode accountType(AccountType... types) {
    return new ConditionNode(
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        List.of(types),
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  public static ConditionNode status(UserStatus... statuses) {
    return new ConditionNode(
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        List.of(statuses),
        null,
        null,
        null,
        null,
        null,
        null);
  }

  public static ConditionNode memberOf(String... groupIds) {
    return new ConditionNode(
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        List.of(groupIds),
        null,
        null,
        null,
        null,
        null);
  }

  public static ConditionNode notMemberOf(String... groupIds) {
    return new ConditionNode(
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        List.of(groupIds),
        null,
        null,
        null,
        null);
  }

  public static ConditionNode hasProductAccess(String product) {
    return new ConditionNode(
        null, null, null, null, null, null, null, null, null, null, null, null, null, null, product,
        null, null, null);
  }

  public static ConditionNode groupSource(GroupSource source) {
    return new ConditionNode(
        null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
        source, null, null);
  }

  public static ConditionNode addedBefore(Instant at) {
    return new ConditionNode(
        null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
        null, at, null);
  }

  public static ConditionNode addedAfter(Instant at) {
    return new ConditionNode(
        null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
        null, null, at);
  }

  static ConditionNode empty() {
    return EMPTY;
  }
}

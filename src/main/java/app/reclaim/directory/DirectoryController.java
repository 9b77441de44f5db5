package app.reclaim.directory;

import app.reclaim.security.Caller;
import graphql.schema.DataFetchingEnvironment;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.BatchMapping;
import org.springframework.graphql.data.method.annotation.ContextValue;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.stereotype.Controller;

/** The directory's GraphQL fields; all reads go through {@link DirectoryService} for the caller. */
@Controller
class DirectoryController {

  private final DirectoryService directory;

  DirectoryController(DirectoryService directory) {
    this.directory = directory;
  }

  record InactivityInput(Integer days, String product) {

    static InactivityInput from(Map<String, Object> input) {
      return input == null
          ? null
          : new InactivityInput((Integer) input.get("days"), (String) input.get("product"));
    }
  }

  record UserFilterInput(
      String search,
      List<UserStatus> status,
      List<AccountType> accountType,
      String hasAccessTo,
      InactivityInput inactive,
      Boolean neverActive,
      Boolean managed,
      String memberOf,
      List<String> emailDomain) {

    /**
     * The filter from graphql-java's coerced argument (already checked against the schema's input
     * type). Read by hand: Spring's argument binder resolves the record's constructor and its
     * generic parameter types again on every call, which was a fifth of a 50-user page's CPU
     * (bench/run.sh, async-profiler), more than completing the page.
     */
    @SuppressWarnings("unchecked")
    static UserFilterInput from(Map<String, Object> input) {
      if (input == null) {
        return null;
      }
      return new UserFilterInput(
          (String) input.get("search"),
          enums(input.get("status"), UserStatus.class),
          enums(input.get("accountType"), AccountType.class),
          (String) input.get("hasAccessTo"),
          InactivityInput.from((Map<String, Object>) input.get("inactive")),
          (Boolean) input.get("neverActive"),
          (Boolean) input.get("managed"),
          (String) input.get("memberOf"),
          (List<String>) input.get("emailDomain"));
    }

    UserFilter toFilter() {
      return new UserFilter(
          search,
          status == null ? null : EnumSet.copyOf(nonEmpty(status, UserStatus.class)),
          accountType == null ? null : EnumSet.copyOf(nonEmpty(accountType, AccountType.class)),
          hasAccessTo,
          inactive == null ? null : inactive.days(),
          inactive == null ? null : inactive.product(),
          neverActive,
          managed,
          memberOf,
          emailDomain == null ? null : Set.copyOf(emailDomain));
    }
  }

  record UserOrderInput(UserOrder.Field field, String direction, String product) {

    static UserOrderInput from(Map<String, Object> input) {
      return input == null
          ? null
          : new UserOrderInput(
              enumValue(input.get("field"), UserOrder.Field.class),
              input.get("direction") == null ? null : input.get("direction").toString(),
              (String) input.get("product"));
    }

    UserOrder toOrder() {
      return new UserOrder(field, "DESC".equals(direction), product);
    }
  }

  record GroupFilterInput(String search, List<GroupSource> source) {}

  record ProductActivity(String product, boolean hasAccess, Instant lastActive) {}

  record LicenseGrant(DirectoryGroup group, String changeableIn) {}

  record LicensePath(String product, boolean viaGroup, List<LicenseGrant> grants) {}

  record ProductRole(String product, String role) {}

  @QueryMapping
  Page<DirectoryUser> users(
      DataFetchingEnvironment environment,
      @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
    // Arguments read from graphql-java's coerced values (see UserFilterInput.from).
    UserFilterInput filter = UserFilterInput.from(environment.getArgument("filter"));
    UserOrderInput orderBy = UserOrderInput.from(environment.getArgument("orderBy"));
    return directory.users(
        caller,
        filter == null ? null : filter.toFilter(),
        orderBy == null ? null : orderBy.toOrder(),
        environment.getArgument("first"),
        environment.getArgument("after"));
  }

  @QueryMapping
  DirectoryUser user(
      @Argument String accountId,
      @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
    return directory.user(caller, accountId).orElse(null);
  }

  @QueryMapping
  Page<DirectoryGroup> groups(
      @Argument GroupFilterInput filter,
      @Argument Integer first,
      @Argument String after,
      @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
    return directory.groups(
        caller,
        filter == null ? null : filter.search(),
        filter == null || filter.source() == null ? null : Set.copyOf(filter.source()),
        first,
        after);
  }

  @QueryMapping
  DirectoryGroup group(
      @Argument String id,
      @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
    return directory.group(caller, id).orElse(null);
  }

  @BatchMapping(typeName = "User", field = "groups")
  Map<DirectoryUser, List<DirectoryGroup>> userGroups(
      List<DirectoryUser> users,
      @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
    Map<String, List<DirectoryGroup>> byId =
        directory.groupsOf(caller, users.stream().map(DirectoryUser::accountId).toList());
    Map<DirectoryUser, List<DirectoryGroup>> out = new LinkedHashMap<>();
    users.forEach(u -> out.put(u, byId.getOrDefault(u.accountId(), List.of())));
    return out;
  }

  @SchemaMapping(typeName = "User", field = "licensePaths")
  List<LicensePath> licensePaths(
      DirectoryUser user,
      @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
    List<LicensePath> paths = new ArrayList<>();
    directory
        .licensePaths(caller, user.accountId())
        .forEach(
            (product, groups) ->
                paths.add(
                    new LicensePath(
                        product,
                        !groups.isEmpty(),
                        groups.stream()
                            .map(
                                g ->
                                    new LicenseGrant(
                                        g,
                                        g.source().changeableInAtlassian()
                                            ? "ATLASSIAN"
                                            : "IDENTITY_PROVIDER"))
                            .toList())));
    return paths;
  }

  @SchemaMapping(typeName = "User", field = "productActivity")
  List<ProductActivity> productActivity(
      DirectoryUser user,
      @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
    Set<String> access = directory.licensePaths(caller, user.accountId()).keySet();
    Set<String> products = new TreeSet<>(access);
    products.addAll(user.activeProducts());
    return products.stream()
        .map(p -> new ProductActivity(p, access.contains(p), user.lastActiveIn(p)))
        .toList();
  }

  @BatchMapping(typeName = "Group", field = "memberCount")
  Map<DirectoryGroup, Integer> memberCount(
      List<DirectoryGroup> groups,
      @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
    Map<String, Integer> counts =
        directory.memberCounts(caller, groups.stream().map(DirectoryGroup::id).toList());
    Map<DirectoryGroup, Integer> out = new LinkedHashMap<>();
    groups.forEach(g -> out.put(g, counts.getOrDefault(g.id(), 0)));
    return out;
  }

  @SchemaMapping(typeName = "Group", field = "members")
  Page<DirectoryUser> members(
      DirectoryGroup group,
      @Argument Integer first,
      @Argument String after,
      @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
    return directory.users(
        caller,
        new UserFilter(null, null, null, null, null, null, null, null, group.id(), null),
        UserOrder.DEFAULT,
        first,
        after);
  }

  @SchemaMapping(typeName = "Group", field = "roles")
  List<ProductRole> roles(DirectoryGroup group) {
    List<ProductRole> roles = new ArrayList<>();
    new java.util.TreeMap<>(group.roles())
        .forEach(
            (product, names) ->
                new TreeSet<>(names).forEach(role -> roles.add(new ProductRole(product, role))));
    return roles;
  }

  @SchemaMapping(typeName = "Organization", field = "counts")
  DirectoryCounts counts(@ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
    return directory.counts(caller);
  }

  /** An enum argument as graphql-java hands it over: the value's name (or the constant itself). */
  static <E extends Enum<E>> E enumValue(Object value, Class<E> type) {
    return value == null || type.isInstance(value)
        ? type.cast(value)
        : Enum.valueOf(type, value.toString());
  }

  private static <E extends Enum<E>> List<E> enums(Object values, Class<E> type) {
    if (values == null) {
      return null;
    }
    List<E> out = new ArrayList<>();
    for (Object value : (List<?>) values) {
      out.add(enumValue(value, type));
    }
    return out;
  }

  private static <E extends Enum<E>> Collection<E> nonEmpty(List<E> values, Class<E> type) {
    return values.isEmpty() ? EnumSet.noneOf(type) : values;
  }
}

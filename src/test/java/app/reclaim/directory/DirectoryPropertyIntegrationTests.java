package app.reclaim.directory;

import static org.assertj.core.api.Assertions.assertThat;

import app.reclaim.IntegrationTest;
import app.reclaim.organizations.InstallOrganization;
import app.reclaim.organizations.OrganizationService;
import app.reclaim.security.Caller;
import app.reclaim.security.Role;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Filters and orderings against a brute-force check: a generated directory of a few thousand users,
 * hundreds of random filter and order combinations, every page walked through its cursors, compared
 * with a plain filter-and-sort over the same users written independently of the index.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DirectoryPropertyIntegrationTests extends IntegrationTest {

  static final int USERS = 3000;

  @Autowired OrganizationService organizations;

  @Autowired DirectoryWriter writer;

  @Autowired DirectoryService directory;

  @Autowired Clock clock;

  String orgId;
  Caller caller;
  SyntheticDirectory.Directory generated;

  @BeforeAll
  void loadDirectory() {
    orgId = freshOrgId();
    organizations.install(new InstallOrganization(orgId, "Property", "eu"));
    generated = SyntheticDirectory.generate(42, USERS, 40, clock.instant());
    writer.upsertGroups(orgId, generated.groups());
    writer.upsertUsers(orgId, generated.users());
    caller = new Caller(orgId, "tester", Set.of(Role.VIEWER));
  }

  @Test
  void shouldMatchABruteForceFilterAndSortForRandomQueries() {
    Random random = new Random(7);
    Instant now = clock.instant();
    for (int run = 0; run < 300; run++) {
      UserFilter filter = randomFilter(random);
      UserOrder order = randomOrder(random);
      int pageSize = 1 + random.nextInt(100);

      List<String> expected = bruteForce(filter, order, now);
      List<String> actual = new ArrayList<>();
      String after = null;
      int pages = 0;
      Page<DirectoryUser> page;
      do {
        page = directory.users(caller, filter, order, pageSize, after);
        page.items().forEach(item -> actual.add(item.node().accountId()));
        assertThat(page.totalCount()).as("totalCount of %s", filter).isEqualTo(expected.size());
        assertThat(page.items().size()).isLessThanOrEqualTo(pageSize);
        after = page.pageInfo().endCursor();
        pages++;
      } while (page.hasNextPage() && pages <= USERS);

      assertThat(actual)
          .as("run %d: %s ordered by %s, pages of %d", run, filter, order, pageSize)
          .containsExactlyElementsOf(expected);
    }
  }

  @Test
  void shouldStayEqualToTheBruteForceAfterDeletesUpdatesAndReinserts() {
    Random random = new Random(11);
    String org = freshOrgId();
    organizations.install(new InstallOrganization(org, "Churn", "eu"));
    Caller churnCaller = new Caller(org, "tester", Set.of(Role.VIEWER));
    SyntheticDirectory.Directory base = SyntheticDirectory.generate(43, 1500, 20, clock.instant());
    writer.upsertGroups(org, base.groups());
    writer.upsertUsers(org, base.users());
    directory.users(churnCaller, null, null, 1, null); // builds the index, so writes apply in place

    Map<String, DirectoryUser> expected = new java.util.LinkedHashMap<>();
    base.users().forEach(u -> expected.put(u.accountId(), u));
    List<String> ids = new ArrayList<>(expected.keySet());
    java.util.Collections.shuffle(ids, random);
    List<String> deleted = ids.subList(0, 300);
    writer.deleteUsers(org, deleted);
    deleted.forEach(expected::remove);
    // Changed users move between every column: status, type, domain, groups, activity.
    List<DirectoryUser> changed = new ArrayList<>();
    for (String id : ids.subList(300, 600)) {
      DirectoryUser donor = base.users().get(random.nextInt(base.users().size()));
      changed.add(
          new DirectoryUser(
              id,
              donor.name(),
              donor.email(),
              donor.accountType(),
              donor.status(),
              donor.managed(),
              donor.orgAdmin(),
              donor.idpSynced(),
              donor.addedToOrg(),
              donor.productAccess(),
              donor.lastActiveByProduct(),
              donor.groupIds()));
    }
    // New users take the slots the deleted ones freed.
    SyntheticDirectory.generate(44, 200, 20, clock.instant())
        .users()
        .forEach(
            u ->
                changed.add(
                    new DirectoryUser(
                        "new-" + u.accountId(),
                        u.name(),
                        u.email(),
                        u.accountType(),
                        u.status(),
                        u.managed(),
                        u.orgAdmin(),
                        u.idpSynced(),
                        u.addedToOrg(),
                        u.productAccess(),
                        u.lastActiveByProduct(),
                        u.groupIds().stream()
                            .map(g -> g.replace("g-44-", "g-43-"))
                            .collect(Collectors.toSet()))));
    writer.upsertUsers(org, changed);
    changed.forEach(u -> expected.put(u.accountId(), u));

    SyntheticDirectory.Directory after =
        new SyntheticDirectory.Directory(List.copyOf(expected.values()), base.groups());
    for (int run = 0; run < 100; run++) {
      UserFilter filter = randomFilter(random, base);
      UserOrder order = randomOrder(random);
      List<String> actual = new ArrayList<>();
      String cursor = null;
      Page<DirectoryUser> page;
      do {
        page = directory.users(churnCaller, filter, order, 100, cursor);
        page.items().forEach(item -> actual.add(item.node().accountId()));
        cursor = page.pageInfo().endCursor();
      } while (page.hasNextPage());
      assertThat(actual)
          .as("run %d: %s by %s", run, filter, order)
          .containsExactlyElementsOf(bruteForce(after, filter, order, clock.instant()));
    }
  }

  @Test
  void shouldWalkEveryUserExactlyOnceInEachOrdering() {
    for (UserOrder.Field field : UserOrder.Field.values()) {
      for (boolean descending : new boolean[] {false, true}) {
        UserOrder order = new UserOrder(field, descending, null);
        List<String> seen = new ArrayList<>();
        String after = null;
        Page<DirectoryUser> page;
        do {
          page = directory.users(caller, null, order, 100, after);
          page.items().forEach(item -> seen.add(item.node().accountId()));
          after = page.pageInfo().endCursor();
        } while (page.hasNextPage());
        assertThat(seen).hasSize(USERS).doesNotHaveDuplicates();
      }
    }
  }

  private List<String> bruteForce(UserFilter f, UserOrder order, Instant now) {
    return bruteForce(generated, f, order, now);
  }

  private static List<String> bruteForce(
      SyntheticDirectory.Directory directory, UserFilter f, UserOrder order, Instant now) {
    Map<String, DirectoryGroup> groups =
        directory.groups().stream().collect(Collectors.toMap(DirectoryGroup::id, g -> g));
    return directory.users().stream()
        .filter(u -> matches(u, f, groups, now))
        .sorted(expectedOrder(order))
        .map(DirectoryUser::accountId)
        .toList();
  }

  /** The filter semantics as documented in the schema, written out plainly. */
  private static boolean matches(
      DirectoryUser u, UserFilter f, Map<String, DirectoryGroup> groups, Instant now) {
    if (f.search() != null) {
      String needle = f.search().toLowerCase(Locale.ROOT);
      boolean inName = u.name() != null && u.name().toLowerCase(Locale.ROOT).contains(needle);
      boolean inEmail = u.email() != null && u.email().toLowerCase(Locale.ROOT).contains(needle);
      if (!inName && !inEmail) {
        return false;
      }
    }
    if (f.statuses() != null && !f.statuses().contains(u.status())) {
      return false;
    }
    if (f.accountTypes() != null && !f.accountTypes().contains(u.accountType())) {
      return false;
    }
    if (f.hasAccessTo() != null) {
      boolean viaGroup =
          u.groupIds().stream()
              .map(groups::get)
              .anyMatch(
                  g ->
                      g != null
                          && g.roles().containsKey(f.hasAccessTo())
                          && !g.roles().get(f.hasAccessTo()).isEmpty());
      if (!u.productAccess().contains(f.hasAccessTo()) && !viaGroup) {
        return false;
      }
    }
    if (f.inactiveDays() != null) {
      Instant cutoff = now.minusSeconds(86_400L * f.inactiveDays());
      Instant last =
          f.inactiveProduct() == null
              ? u.lastActiveByProduct().values().stream()
                  .max(Comparator.naturalOrder())
                  .orElse(null)
              : u.lastActiveByProduct().get(f.inactiveProduct());
      if (last != null && last.isAfter(cutoff)) {
        return false;
      }
    }
    if (f.neverActive() != null && f.neverActive() != u.lastActiveByProduct().isEmpty()) {
      return false;
    }
    if (f.managed() != null && f.managed() != u.managed()) {
      return false;
    }
    if (f.memberOf() != null && !u.groupIds().contains(f.memberOf())) {
      return false;
    }
    if (f.emailDomains() != null) {
      String domain =
          u.email() == null
              ? null
              : u.email().substring(u.email().indexOf('@') + 1).toLowerCase(Locale.ROOT);
      if (f.emailDomains().stream().noneMatch(d -> d.equalsIgnoreCase(domain))) {
        return false;
      }
    }
    return true;
  }

  private static Comparator<DirectoryUser> expectedOrder(UserOrder order) {
    Comparator<DirectoryUser> byValue =
        switch (order.field()) {
          case NAME ->
              Comparator.comparing(
                  DirectoryUser::name,
                  Comparator.nullsFirst(
                      Comparator.comparing((String s) -> s.toLowerCase(Locale.ROOT))
                          .thenComparing(Function.identity())));
          case EMAIL ->
              Comparator.comparing(
                  DirectoryUser::email,
                  Comparator.nullsFirst(
                      Comparator.comparing((String s) -> s.toLowerCase(Locale.ROOT))
                          .thenComparing(Function.identity())));
          case ADDED_TO_ORG ->
              Comparator.comparing(
                  DirectoryUser::addedToOrg, Comparator.nullsFirst(Comparator.naturalOrder()));
          case LAST_ACTIVE ->
              Comparator.comparing(
                  (DirectoryUser u) ->
                      order.product() == null
                          ? u.lastActiveByProduct().values().stream()
                              .max(Comparator.naturalOrder())
                              .orElse(null)
                          : u.lastActiveByProduct().get(order.product()),
                  Comparator.nullsFirst(Comparator.naturalOrder()));
        };
    Comparator<DirectoryUser> total = byValue.thenComparing(DirectoryUser::accountId);
    return order.descending() ? total.reversed() : total;
  }

  private UserFilter randomFilter(Random r) {
    return randomFilter(r, generated);
  }

  private static UserFilter randomFilter(Random r, SyntheticDirectory.Directory generated) {
    String search =
        r.nextInt(4) == 0
            ? List.of("ada", "LOVE", "hopper 1", ".example", "bot", "zzz-none", "1")
                .get(r.nextInt(7))
            : null;
    Set<UserStatus> statuses = r.nextInt(4) == 0 ? randomSubset(r, UserStatus.class) : null;
    Set<AccountType> types = r.nextInt(4) == 0 ? randomSubset(r, AccountType.class) : null;
    String access = r.nextInt(4) == 0 ? product(r) : null;
    Integer days = r.nextInt(3) == 0 ? 1 + r.nextInt(400) : null;
    String inactiveProduct = days != null && r.nextBoolean() ? product(r) : null;
    Boolean never = r.nextInt(6) == 0 ? r.nextBoolean() : null;
    Boolean managed = r.nextInt(5) == 0 ? r.nextBoolean() : null;
    String memberOf =
        r.nextInt(5) == 0
            ? generated.groups().get(r.nextInt(generated.groups().size())).id()
            : null;
    Set<String> domains =
        r.nextInt(5) == 0
            ? Set.of(
                List.of("ACME.example", "gmail.example", "contractor.example", "nowhere.example")
                    .get(r.nextInt(4)))
            : null;
    return new UserFilter(
        search, statuses, types, access, days, inactiveProduct, never, managed, memberOf, domains);
  }

  private static UserOrder randomOrder(Random r) {
    UserOrder.Field field = UserOrder.Field.values()[r.nextInt(UserOrder.Field.values().length)];
    String product = field == UserOrder.Field.LAST_ACTIVE && r.nextBoolean() ? product(r) : null;
    return new UserOrder(field, r.nextBoolean(), product);
  }

  private static String product(Random r) {
    return SyntheticDirectory.PRODUCTS.get(r.nextInt(SyntheticDirectory.PRODUCTS.size()));
  }

  private static <E extends Enum<E>> Set<E> randomSubset(Random r, Class<E> type) {
    EnumSet<E> set = EnumSet.noneOf(type);
    for (E e : type.getEnumConstants()) {
      if (r.nextBoolean()) {
        set.add(e);
      }
    }
    if (set.isEmpty()) {
      set.add(type.getEnumConstants()[r.nextInt(type.getEnumConstants().length)]);
    }
    return set;
  }
}

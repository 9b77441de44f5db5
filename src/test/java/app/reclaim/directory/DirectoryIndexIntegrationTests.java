package app.reclaim.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.reclaim.IntegrationTest;
import app.reclaim.organizations.InstallOrganization;
import app.reclaim.organizations.OrganizationService;
import app.reclaim.security.Caller;
import app.reclaim.security.Role;
import app.reclaim.support.ReclaimException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The index against Cassandra: other instances' writes, the memory bound, and the write API. */
class DirectoryIndexIntegrationTests extends IntegrationTest {

  @Autowired OrganizationService organizations;

  @Autowired DirectoryRepository repository;

  @Autowired com.datastax.oss.driver.api.core.CqlSession session;

  @Autowired DirectoryWriter writer;

  @Autowired DirectoryService directory;

  @Autowired Clock clock;

  /** One instance's index, with what reads and writes through it (refreshing on every read). */
  private record Instance(DirectoryIndex index, DirectoryService reader, DirectoryWriter writer) {

    List<String> names(String orgId) {
      return reader.users(caller(orgId), null, null, 10, null).items().stream()
          .map(item -> item.node().name())
          .toList();
    }
  }

  private Instance instance() {
    DirectoryIndex index = index(Duration.ZERO, 1_000_000);
    return new Instance(
        index, new DirectoryService(index, clock), new DirectoryWriter(repository, index));
  }

  @Test
  void shouldSeeWritesMadeByAnotherInstance() {
    String orgId = installed();
    Instance a = instance();
    Instance b = instance();
    b.writer().upsertUsers(orgId, List.of(user("u-1", "First")));
    assertThat(a.names(orgId)).containsExactly("First");

    b.writer().upsertUsers(orgId, List.of(user("u-2", "Second")));
    b.writer().upsertUsers(orgId, List.of(user("u-1", "First Renamed")));

    assertThat(a.names(orgId)).containsExactly("First Renamed", "Second");
  }

  @Test
  void shouldSeeAnotherInstancesWriteThatItsOwnLaterWriteFollowed() {
    String orgId = installed();
    Instance a = instance();
    Instance b = instance();
    a.writer().upsertUsers(orgId, List.of(user("u-1", "First")));
    assertThat(a.names(orgId)).containsExactly("First");

    // B writes, then A writes before it next checks: A's later write must not hide B's.
    b.writer().upsertUsers(orgId, List.of(user("u-2", "From B")));
    a.writer().upsertUsers(orgId, List.of(user("u-3", "From A")));

    assertThat(a.names(orgId)).containsExactly("First", "From A", "From B");
  }

  @Test
  void shouldNotRebuildForItsOwnWrites() {
    String orgId = installed();
    Instance a = instance();
    a.writer().upsertUsers(orgId, List.of(user("u-1", "First")));
    a.names(orgId);
    long builds = a.index().builds();

    for (int i = 2; i <= 5; i++) {
      a.writer().upsertUsers(orgId, List.of(user("u-" + i, "User " + i)));
      assertThat(a.names(orgId)).hasSize(i);
    }

    assertThat(a.index().builds()).isEqualTo(builds);
  }

  @Test
  void shouldBoundTheIndexesHeldAcrossOrgs() {
    DirectoryIndex small = index(Duration.ofMinutes(5), 25);
    for (int org = 0; org < 4; org++) {
      String orgId = installed();
      writer.upsertUsers(
          orgId,
          List.of(
              user("a", "A"),
              user("b", "B"),
              user("c", "C"),
              user("d", "D"),
              user("e", "E"),
              user("f", "F"),
              user("g", "G"),
              user("h", "H"),
              user("i", "I"),
              user("j", "J")));
      assertThat(small.get(orgId).size()).isEqualTo(10);
    }
    assertThat(small.orgsHeld()).isLessThanOrEqualTo(2);
  }

  @Test
  void shouldRemoveMembershipsWithTheUserAndTheGroup() {
    String orgId = installed();
    Caller caller = caller(orgId);
    writer.upsertGroups(orgId, List.of(group("g-1"), group("g-2")));
    writer.upsertUsers(orgId, List.of(user("u-1", "One"), user("u-2", "Two")));
    writer.addMembers(orgId, "g-1", List.of("u-1", "u-2"));
    writer.addMembers(orgId, "g-2", List.of("u-1"));

    writer.deleteUsers(orgId, List.of("u-2"));
    writer.deleteGroups(orgId, List.of("g-2"));

    DirectoryService fresh = new DirectoryService(index(Duration.ZERO, 1_000_000), clock);
    assertThat(fresh.memberCounts(caller, List.of("g-1"))).isEqualTo(Map.of("g-1", 1));
    assertThat(fresh.user(caller, "u-1").orElseThrow().groupIds()).containsExactly("g-1");
    assertThat(directory.user(caller, "u-1").orElseThrow().groupIds()).containsExactly("g-1");
  }

  @Test
  void userDetailsWrittenFromAStaleReadKeepAMembershipAddedMeanwhile() {
    // The lost update SCIM had: a user update read before a group-member add, written after it.
    String orgId = installed();
    Caller caller = caller(orgId);
    writer.upsertGroups(orgId, List.of(group("g-1"), group("g-2")));
    writer.upsertUserDetails(orgId, List.of(user("u-1", "One")));
    writer.addMembers(orgId, "g-1", List.of("u-1"));
    DirectoryUser staleRead = writer.known(orgId, List.of("u-1")).get("u-1");

    writer.addMembers(orgId, "g-2", List.of("u-1"));
    writer.upsertUserDetails(
        orgId,
        List.of(
            new DirectoryUser(
                staleRead.accountId(),
                "One Renamed",
                staleRead.email(),
                staleRead.accountType(),
                UserStatus.SUSPENDED,
                staleRead.managed(),
                staleRead.orgAdmin(),
                true,
                staleRead.addedToOrg(),
                staleRead.productAccess(),
                staleRead.lastActiveByProduct(),
                staleRead.groupIds())));

    DirectoryService fresh = new DirectoryService(index(Duration.ZERO, 1_000_000), clock);
    for (DirectoryService view : List.of(directory, fresh)) {
      DirectoryUser u = view.user(caller, "u-1").orElseThrow();
      assertThat(u.groupIds()).containsExactlyInAnyOrder("g-1", "g-2");
      assertThat(u.name()).isEqualTo("One Renamed");
      assertThat(u.status()).isEqualTo(UserStatus.SUSPENDED);
    }
  }

  @Test
  void shouldRefuseMembershipOfUnknownUsersOrGroupsWithoutWriting() {
    String orgId = installed();
    Caller caller = caller(orgId);
    writer.upsertGroups(orgId, List.of(group("g-1")));
    writer.upsertUsers(orgId, List.of(user("u-1", "One")));

    assertThatThrownBy(() -> writer.addMembers(orgId, "g-1", List.of("u-1", "ghost")))
        .isInstanceOf(ReclaimException.class)
        .hasMessageContaining("not in this organization");
    assertThatThrownBy(() -> writer.addMembers(orgId, "no-such-group", List.of("u-1")))
        .isInstanceOf(ReclaimException.class)
        .hasMessageContaining("no group");

    DirectoryService fresh = new DirectoryService(index(Duration.ZERO, 1_000_000), clock);
    assertThat(fresh.user(caller, "u-1").orElseThrow().groupIds()).isEmpty();
    assertThat(fresh.user(caller, "ghost")).isEmpty();
  }

  @Test
  void shouldFindUsersByExactEmailIgnoringCaseAndFollowChanges() {
    String orgId = installed();
    List<DirectoryUser> many = new java.util.ArrayList<>();
    // 60 users whose emails contain the one looked up: a substring search would find them all.
    for (int i = 0; i < 60; i++) {
      many.add(user("x-" + i, "X " + i).withEmail("xada@acme.example" + i));
    }
    many.add(user("target", "Ada").withEmail("Ada@Acme.example"));
    writer.upsertUsers(orgId, many);

    assertThat(writer.knownByEmail(orgId, "ada@acme.EXAMPLE"))
        .extracting(DirectoryUser::accountId)
        .containsExactly("target");

    writer.upsertUsers(orgId, List.of(user("target", "Ada").withEmail("ada@elsewhere.example")));
    assertThat(writer.knownByEmail(orgId, "ada@acme.example")).isEmpty();
    assertThat(writer.knownByEmail(orgId, "ADA@elsewhere.example")).hasSize(1);
    writer.deleteUsers(orgId, List.of("target"));
    assertThat(writer.knownByEmail(orgId, "ada@elsewhere.example")).isEmpty();
  }

  @Test
  void shouldLoadEveryUserAsWrittenPageByPageSharingEqualSetsPastTheLoadsSetCap() {
    String orgId = installed();
    // One more distinct group set than a load remembers, every user also in one of two product
    // sets: beyond the cap sets are decoded per row, and must come back the same.
    List<DirectoryUser> written = new java.util.ArrayList<>();
    for (int i = 0; i <= UserCells.Interner.MAX_SETS; i++) {
      written.add(
          user(
              "u-" + i,
              "User " + i,
              i % 2 == 0 ? Set.of("jira", "confluence") : Set.of("jira"),
              Set.of("g-" + i, "g-all")));
    }
    writer.upsertUsers(orgId, written);

    // Pages of 7 rows: every partition (about 64 users) is read in several pages, each asked for
    // while the previous one is decoded.
    List<DirectoryUser> loaded = new java.util.ArrayList<>();
    new DirectoryRepository(session, organizations.statements(), 7)
        .loadUsers(orgId, loaded::addAll);

    assertThat(loaded).containsExactlyInAnyOrderElementsOf(written);
    Map<Set<String>, List<Set<String>>> byValue =
        loaded.stream()
            .map(DirectoryUser::productAccess)
            .collect(java.util.stream.Collectors.groupingBy(s -> s));
    assertThat(byValue).hasSize(2);
    byValue
        .values()
        .forEach(equal -> assertThat(equal).allSatisfy(s -> assertThat(s).isSameAs(equal.get(0))));
  }

  @Test
  void shouldLoadActivityKeysPastTheLoadsKeyCapAsWrittenEachKeyOneInstance() {
    String orgId = installed();
    // Twice as many product keys as a load recognises by their bytes, some not ASCII, some the
    // prefix of another: each user active in one of them and in "confluence".
    int keys = 2 * UserCells.Interner.MAX_KEYS;
    List<DirectoryUser> written = new java.util.ArrayList<>();
    for (int i = 0; i < 3 * keys; i++) {
      String product = (i % 3 == 0 ? "prodükt-" : "p-") + (i % keys);
      written.add(
          user(
              "k-" + i,
              "User " + i,
              Set.of(),
              Map.of(
                  product,
                  Instant.parse("2026-01-01T00:00:00Z").plusSeconds(i),
                  "confluence",
                  Instant.parse("2026-02-01T00:00:00Z").minusSeconds(i)),
              Set.of()));
    }
    writer.upsertUsers(orgId, written);

    List<DirectoryUser> loaded = new java.util.ArrayList<>();
    new DirectoryRepository(session, organizations.statements(), 7)
        .loadUsers(orgId, loaded::addAll);

    assertThat(loaded).containsExactlyInAnyOrderElementsOf(written);
    Map<String, String> instances = new java.util.HashMap<>();
    for (DirectoryUser u : loaded) {
      for (String product : u.activeProducts()) {
        assertThat(instances.computeIfAbsent(product, p -> product)).isSameAs(product);
      }
    }
    assertThat(instances)
        .hasSize(
            new java.util.HashSet<>(
                    written.stream().flatMap(u -> u.activeProducts().stream()).toList())
                .size());
  }

  private DirectoryIndex index(Duration refresh, long maxEntries) {
    return new DirectoryIndex(repository, new DirectoryProperties(maxEntries, refresh));
  }

  private String installed() {
    String orgId = freshOrgId();
    organizations.install(new InstallOrganization(orgId, "Index", "eu"));
    return orgId;
  }

  private static Caller caller(String orgId) {
    return new Caller(orgId, "tester", Set.of(Role.VIEWER));
  }

  static DirectoryUser user(String id, String name) {
    return user(id, name, Set.of("confluence"), Set.of());
  }

  static DirectoryUser user(String id, String name, Set<String> access, Set<String> groups) {
    return user(
        id, name, access, Map.of("confluence", Instant.parse("2026-01-01T00:00:00Z")), groups);
  }

  static DirectoryUser user(
      String id,
      String name,
      Set<String> access,
      Map<String, Instant> lastActive,
      Set<String> groups) {
    return new DirectoryUser(
        id,
        name,
        id + "@acme.example",
        AccountType.ATLASSIAN,
        UserStatus.ACTIVE,
        true,
        false,
        false,
        Instant.parse("2025-01-01T00:00:00Z"),
        access,
        lastActive,
        groups);
  }

  static DirectoryGroup group(String id) {
    return new DirectoryGroup(
        id,
        "group " + id,
        null,
        GroupSource.LOCAL,
        null,
        Map.of("confluence", Set.of("atlassian/user")));
  }
}

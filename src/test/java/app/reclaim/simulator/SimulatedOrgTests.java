package app.reclaim.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The synthetic orgs: deterministic, any size, and as varied as the rules and sync need. */
class SimulatedOrgTests {

  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-06-15T10:00:00Z"), ZoneOffset.UTC);
  static final SimulatorState.Org DEMO =
      SimulatedOrg.generate(OrgSpec.of("demo", 1, 2_000, 60), CLOCK).state();

  @Test
  void shouldGenerateTheSameOrgFromTheSameSeed() {
    SimulatorState.Org again =
        SimulatedOrg.generate(OrgSpec.of("demo", 1, 2_000, 60), CLOCK).state();
    SimulatorState.Org other =
        SimulatedOrg.generate(OrgSpec.of("demo", 2, 2_000, 60), CLOCK).state();

    assertThat(again).isEqualTo(DEMO);
    assertThat(other.users()).isNotEqualTo(DEMO.users());
  }

  @Test
  void shouldKeepTheSameOrgAllDayLong() {
    Clock evening = Clock.fixed(Instant.parse("2026-06-15T23:59:00Z"), ZoneOffset.UTC);

    assertThat(SimulatedOrg.generate(OrgSpec.of("demo", 1, 2_000, 60), evening).state())
        .isEqualTo(DEMO);
  }

  @Test
  void shouldMixAccountTypesStatusesAndActivity() {
    Map<String, Long> types = count(DEMO.users(), SimulatorState.User::accountType);
    Map<String, Long> statuses = count(DEMO.users(), SimulatorState.User::status);
    Instant ninetyDaysAgo = CLOCK.instant().minus(Duration.ofDays(90));

    assertThat(DEMO.users()).hasSize(2_000);
    assertThat(types).containsOnlyKeys("atlassian", "app", "customer");
    assertThat(types.get("app")).isBetween(20L, 120L);
    assertThat(statuses).containsOnlyKeys("active", "suspended", "deactivated", "not_invited");
    assertThat(statuses.get("active")).isGreaterThan(1_200L);
    assertThat(DEMO.users())
        .filteredOn(
            u ->
                u.status().equals("active")
                    && u.lastActive().values().stream().anyMatch(t -> t.isAfter(ninetyDaysAgo)))
        .hasSizeGreaterThan(500);
    assertThat(DEMO.users())
        .filteredOn(
            u ->
                u.status().equals("active")
                    && !u.productAccess().isEmpty()
                    && u.lastActive().values().stream().allMatch(t -> t.isBefore(ninetyDaysAgo)))
        .hasSizeGreaterThan(100);
    assertThat(DEMO.users())
        .filteredOn(u -> !u.productAccess().isEmpty() && u.lastActive().isEmpty())
        .hasSizeGreaterThan(100);
    assertThat(DEMO.users())
        .filteredOn(SimulatorState.User::orgAdmin)
        .hasSize(5)
        .allMatch(u -> u.status().equals("active") && u.claimStatus().equals("managed"));
    assertThat(DEMO.users()).filteredOn(SimulatorState.User::synced).hasSizeGreaterThan(300);
    assertThat(DEMO.users()).filteredOn(u -> !u.addedToOrgListed()).hasSizeBetween(50, 200);
    assertThat(DEMO.users())
        .allMatch(u -> u.lastActive().values().stream().noneMatch(t -> t.isBefore(u.addedToOrg())));
  }

  @Test
  void shouldClaimExactlyTheUsersOfVerifiedDomains() {
    Set<String> verified =
        DEMO.domains().stream()
            .filter(SimulatorState.Domain::verified)
            .map(SimulatorState.Domain::name)
            .collect(Collectors.toSet());

    assertThat(DEMO.domains())
        .extracting(SimulatorState.Domain::claimStatus)
        .contains("verified", "unverified");
    assertThat(DEMO.users())
        .filteredOn(u -> u.email() != null)
        .allMatch(
            u ->
                u.claimStatus()
                    .equals(
                        verified.contains(u.email().substring(u.email().indexOf('@') + 1))
                            ? "managed"
                            : "unmanaged"));
    assertThat(DEMO.users())
        .filteredOn(u -> u.claimStatus().equals("unmanaged") && u.accountType().equals("atlassian"))
        .hasSizeGreaterThan(100);
    assertThat(DEMO.users())
        .filteredOn(u -> u.status().equals("not_invited"))
        .allMatch(
            u ->
                u.claimStatus().equals("managed")
                    && u.directoryId() == null
                    && u.groupIds().isEmpty());
  }

  @Test
  void shouldHaveGroupsOfEverySourceGrantingProductRoles() {
    Map<String, Long> sources = count(DEMO.groups(), SimulatorState.Group::source);
    Set<String> syncedUsers =
        DEMO.users().stream()
            .filter(SimulatorState.User::synced)
            .map(SimulatorState.User::accountId)
            .collect(Collectors.toSet());

    assertThat(DEMO.groups()).hasSize(60);
    assertThat(sources).containsOnlyKeys("LOCAL", "IDP_SYNCED", "TEAM_MANAGED", "OPEN");
    assertThat(DEMO.groups())
        .filteredOn(g -> g.source().equals("IDP_SYNCED"))
        .allMatch(g -> g.externalSynced() && g.managedBy().equals("external"))
        .allMatch(g -> syncedUsers.containsAll(g.memberIds()))
        .anyMatch(g -> !g.roleAssignments().isEmpty());
    assertThat(DEMO.groups())
        .flatExtracting(g -> g.rolesByProduct().values().stream().flatMap(List::stream).toList())
        .contains("atlassian/user", "atlassian/admin");
    assertThat(
            DEMO.group(
                    DEMO.groups().stream()
                        .filter(g -> g.name().equals("jira-software-users"))
                        .findFirst()
                        .orElseThrow()
                        .id())
                .orElseThrow()
                .memberIds())
        .hasSizeGreaterThan(500);
  }

  @Test
  void shouldOfferFourProductsWithSeatsToSpare() {
    assertThat(DEMO.workspaces())
        .extracting(SimulatorState.Workspace::typeKey)
        .containsExactlyElementsOf(SimulatedOrg.PRODUCTS);
    assertThat(DEMO.workspaces())
        .allMatch(
            w ->
                w.capacity() >= w.usage()
                    && w.usage() > 0
                    && w.realm().equals("eu")
                    && !w.regions().isEmpty());
    assertThat(DEMO.workspaces().get(0).id())
        .matches("ari:cloud:jira-software::site/[0-9a-f-]{36}");
    assertThat(DEMO.workspaces().get(3).id()).startsWith("ari:cloud:bitbucket::workspace/");
    assertThat(DEMO.users())
        .flatExtracting(SimulatorState.User::productAccess)
        .extracting(SimulatorState.ProductAccess::key)
        .containsAll(SimulatedOrg.PRODUCTS);
  }

  @Test
  void shouldSplitUsersAndGroupsAcrossDirectoriesInTheOriginalExperience() {
    SimulatorState.Org org =
        SimulatedOrg.generate(OrgSpec.of("multi", 5, 300, 30).withDirectories(3), CLOCK).state();
    Map<String, String> groupDirectory =
        org.groups().stream()
            .collect(Collectors.toMap(SimulatorState.Group::id, SimulatorState.Group::directoryId));

    assertThat(org.centralized()).isFalse();
    assertThat(org.directories()).hasSize(3);
    assertThat(
            count(
                org.users().stream().filter(u -> u.directoryId() != null).toList(),
                SimulatorState.User::directoryId))
        .hasSize(3);
    assertThat(org.users())
        .allMatch(
            u ->
                u.groupIds().stream()
                    .allMatch(g -> u.memberships().containsKey(groupDirectory.get(g))));
    assertThat(DEMO.centralized()).isTrue();
    assertThat(DEMO.users()).allMatch(u -> u.memberships().size() <= 1);
  }

  @Test
  void shouldPutAFifthOfInvitedAccountsInTwoDirectoriesWithTheirOwnStates() {
    SimulatorState.Org org =
        SimulatedOrg.generate(OrgSpec.of("multi", 5, 2_000, 60).withDirectories(3), CLOCK).state();
    List<SimulatorState.User> invited =
        org.users().stream()
            .filter(u -> u.accountType().equals("atlassian") && !u.memberships().isEmpty())
            .toList();
    List<SimulatorState.User> two =
        invited.stream().filter(u -> u.memberships().size() == 2).toList();

    assertThat(two.size() * 100 / invited.size()).isBetween(15, 25);
    assertThat(two)
        .anyMatch(u -> u.memberships().containsValue("suspended") && u.status().equals("active"))
        .anyMatch(u -> !u.memberships().containsValue("active") && u.status().equals("suspended"))
        .allMatch(u -> u.directoryId().equals(u.memberships().keySet().iterator().next()));
    assertThat(org.users()).noneMatch(u -> u.memberships().size() > 2);
    assertThat(SimulatedOrg.generate(OrgSpec.of("multi", 5, 2_000, 60).withDirectories(3), CLOCK))
        .satisfies(again -> assertThat(again.state()).isEqualTo(org));
  }

  @Test
  void shouldBuildOrgsOfAnySize() {
    assertThat(SimulatedOrg.generate(OrgSpec.of("empty", 1, 0, 0), CLOCK).state().users())
        .isEmpty();
    assertThat(SimulatedOrg.generate(OrgSpec.of("tiny", 1, 3, 2), CLOCK).state().users())
        .hasSize(3);
    assertThat(SimulatedOrg.generate(OrgSpec.of("big", 1, 50_000, 200), CLOCK).state().users())
        .hasSize(50_000)
        .extracting(SimulatorState.User::accountId)
        .doesNotHaveDuplicates();
  }

  private static <T> Map<String, Long> count(
      List<T> items, java.util.function.Function<T, String> key) {
    return items.stream().collect(Collectors.groupingBy(key, Collectors.counting()));
  }
}

package app.reclaim.directory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * A deterministic, realistic-looking directory of any size (same seed, same directory): a mix of
 * active, inactive, never-active, suspended, app and customer accounts, managed and unmanaged
 * domains, local, IdP-synced, team-managed and open groups granting four products, written straight
 * through the directory's write API. For tests and benchmarks only (the demo syncs the simulator).
 */
public final class SyntheticDirectory {

  public static final List<String> PRODUCTS =
      List.of("jira-software", "confluence", "jira-servicedesk", "bitbucket");
  static final List<String> MANAGED_DOMAINS = List.of("acme.example", "acme-labs.example");
  static final List<String> OTHER_DOMAINS =
      List.of("gmail.example", "contractor.example", "partner.example");
  private static final String[] FIRST = {
    "Ada",
    "Grace",
    "Alan",
    "Edsger",
    "Barbara",
    "Donald",
    "Frances",
    "Ken",
    "Margaret",
    "Dennis",
    "Radia",
    "Leslie",
    "Shafi",
    "Tim",
    "Niklaus",
    "Ivan"
  };
  private static final String[] LAST = {
    "Lovelace",
    "Hopper",
    "Turing",
    "Dijkstra",
    "Liskov",
    "Knuth",
    "Allen",
    "Thompson",
    "Hamilton",
    "Ritchie",
    "Perlman",
    "Lamport",
    "Goldwasser",
    "Berners-Lee",
    "Wirth",
    "Sutherland"
  };

  public record Directory(List<DirectoryUser> users, List<DirectoryGroup> groups) {}

  private SyntheticDirectory() {}

  public static Directory generate(long seed, int userCount, int groupCount, Instant now) {
    Random random = new Random(seed);
    List<DirectoryGroup> groups = new ArrayList<>();
    for (int g = 0; g < groupCount; g++) {
      GroupSource source =
          g % 7 == 3
              ? GroupSource.IDP_SYNCED
              : g % 11 == 5
                  ? GroupSource.TEAM_MANAGED
                  : g % 13 == 7 ? GroupSource.OPEN : GroupSource.LOCAL;
      Map<String, Set<String>> roles = new HashMap<>();
      if (g % 3 != 2) {
        roles.put(
            PRODUCTS.get(g % PRODUCTS.size()),
            Set.of(g % 10 == 0 ? "atlassian/admin" : "atlassian/user"));
      }
      groups.add(
          new DirectoryGroup(
              "g-" + seed + "-" + g,
              "group-" + String.format("%03d", g) + "-" + PRODUCTS.get(g % PRODUCTS.size()),
              "Synthetic group " + g,
              source,
              source == GroupSource.IDP_SYNCED ? "Okta" : null,
              roles));
    }
    List<DirectoryUser> users = new ArrayList<>(userCount);
    for (int u = 0; u < userCount; u++) {
      users.add(user(random, seed, u, groups, now));
    }
    return new Directory(users, groups);
  }

  private static DirectoryUser user(
      Random random, long seed, int u, List<DirectoryGroup> groups, Instant now) {
    String first = FIRST[random.nextInt(FIRST.length)];
    String last = LAST[random.nextInt(LAST.length)];
    int kind = random.nextInt(100);
    AccountType type =
        kind < 4 ? AccountType.APP : kind < 10 ? AccountType.CUSTOMER : AccountType.ATLASSIAN;
    boolean managed = type == AccountType.ATLASSIAN && random.nextInt(100) < 80;
    String domain =
        managed
            ? MANAGED_DOMAINS.get(random.nextInt(MANAGED_DOMAINS.size()))
            : OTHER_DOMAINS.get(random.nextInt(OTHER_DOMAINS.size()));
    int s = random.nextInt(100);
    UserStatus status =
        s < 80
            ? UserStatus.ACTIVE
            : s < 90
                ? UserStatus.SUSPENDED
                : s < 95 ? UserStatus.DEACTIVATED : UserStatus.NOT_INVITED;
    Instant added = now.minus(Duration.ofDays(1 + random.nextInt(1500)));
    Set<String> memberOf = new HashSet<>();
    int memberships = groups.isEmpty() ? 0 : random.nextInt(4);
    for (int i = 0; i < memberships; i++) {
      memberOf.add(groups.get(random.nextInt(groups.size())).id());
    }
    Set<String> access = new HashSet<>();
    Map<String, Instant> lastActive = new HashMap<>();
    boolean neverActive = random.nextInt(100) < 12;
    for (String product : PRODUCTS) {
      if (random.nextInt(100) < 45) {
        access.add(product);
        if (!neverActive && random.nextInt(100) < 85) {
          // A third recently active, the rest spread over two years of inactivity.
          int days = random.nextInt(100) < 35 ? random.nextInt(30) : 30 + random.nextInt(700);
          // 1 to 11 hours short of a whole day, so "inactive N days" never hinges on the clock
          // ticking.
          lastActive.put(
              product,
              now.minus(Duration.ofDays(days)).minusSeconds(3_600 + random.nextInt(36_000)));
        }
      }
    }
    String accountId = (type == AccountType.APP ? "app-" : "acc-") + seed + "-" + u;
    String name = type == AccountType.APP ? "Bot " + last + " " + u : first + " " + last + " " + u;
    String email = (first + "." + last + "." + u).toLowerCase(java.util.Locale.ROOT) + "@" + domain;
    return new DirectoryUser(
        accountId,
        name,
        email,
        type,
        status,
        managed,
        u % 97 == 0 && type == AccountType.ATLASSIAN,
        random.nextInt(100) < 20,
        added,
        access,
        lastActive,
        memberOf);
  }
}

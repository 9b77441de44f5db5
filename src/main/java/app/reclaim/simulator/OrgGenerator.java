package app.reclaim.simulator;

import static app.reclaim.simulator.SimulatedOrg.PRODUCTS;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * Builds a realistic-looking org from a seed: every draw comes from one {@link Random} in a fixed
 * order, so the same spec and anchor give the same org. The mix (shares per 100 draws) is written
 * next to each decision; README.md (Simulator) sums it up.
 */
final class OrgGenerator {

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
    "Ivan",
    "Hedy",
    "John",
    "Katherine",
    "Linus"
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
    "Sutherland",
    "Lamarr",
    "McCarthy",
    "Johnson",
    "Torvalds"
  };
  private static final String[] APPS = {
    "Automation for Jira",
    "Slack",
    "Microsoft Teams for Jira",
    "GitHub for Jira",
    "Opsgenie Integration",
    "Statuspage",
    "Zapier",
    "Jira Cloud Backup"
  };
  private static final String[] DEPARTMENTS = {
    "engineering",
    "sales",
    "marketing",
    "support",
    "finance",
    "legal",
    "design",
    "people",
    "data",
    "security",
    "operations",
    "product"
  };
  private static final List<String> EXTERNAL_DOMAINS =
      List.of("gmail.example", "contractor.example", "partner.example");

  /** Per product: percent of Atlassian accounts in a directory that get access. */
  private static final int[] ACCESS_SHARE = {75, 60, 20, 15};

  private static final Map<String, List<String>> REGIONS =
      Map.of(
          "us",
          List.of("us-east-1", "us-west-2"),
          "eu",
          List.of("eu-central-1", "eu-west-1"),
          "de",
          List.of("eu-central-1"),
          "au",
          List.of("ap-southeast-2"),
          "ca",
          List.of("ca-central-1"),
          "jp",
          List.of("ap-northeast-1"),
          "sg",
          List.of("ap-southeast-1"),
          "kr",
          List.of("ap-northeast-2"),
          "in",
          List.of("ap-south-1"),
          "gb",
          List.of("eu-west-2"));

  private final OrgSpec spec;
  private final Instant anchor;
  private final Random random;
  private final int directoryCount;
  private final List<SimulatorState.Directory> directories = new ArrayList<>();
  private final List<String> workspaceIds = new ArrayList<>();
  private final List<SimGroup> groups = new ArrayList<>();
  private final Map<String, SimGroup> groupsById = new HashMap<>();

  /**
   * Per directory: product users groups, product admins groups, IdP groups granting each product.
   */
  private final SimGroup[][] productUsers;

  private final SimGroup[][] productAdmins;
  private final List<List<List<SimGroup>>> syncedGranting = new ArrayList<>();
  private final List<List<SimGroup>> syncedOther = new ArrayList<>();
  private final List<List<SimGroup>> localOther = new ArrayList<>();

  private OrgGenerator(OrgSpec spec, Instant anchor) {
    this.spec = spec;
    this.anchor = anchor;
    this.random = new Random(spec.seed());
    this.directoryCount = spec.directories();
    this.productUsers = new SimGroup[directoryCount][PRODUCTS.size()];
    this.productAdmins = new SimGroup[directoryCount][PRODUCTS.size()];
  }

  static SimulatedOrg generate(OrgSpec spec, Instant anchor, Clock clock) {
    return new OrgGenerator(spec, anchor).build(clock);
  }

  private SimulatedOrg build(Clock clock) {
    String slug = spec.id().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
    for (int d = 0; d < directoryCount; d++) {
      directories.add(
          new SimulatorState.Directory(
              uuid(), directoryCount == 1 ? spec.name() : spec.name() + " site " + (d + 1)));
      syncedGranting.add(new ArrayList<>());
      PRODUCTS.forEach(p -> syncedGranting.get(syncedGranting.size() - 1).add(new ArrayList<>()));
      syncedOther.add(new ArrayList<>());
      localOther.add(new ArrayList<>());
    }
    List<SimulatorState.Domain> domains =
        List.of(
            new SimulatorState.Domain(uuid(), slug + ".example", "dns", "verified"),
            new SimulatorState.Domain(uuid(), slug + "-labs.example", "http", "verified"),
            new SimulatorState.Domain(uuid(), slug + "-eu.example", "dns", "verified"),
            new SimulatorState.Domain(uuid(), slug + "-legacy.example", "dns", "unverified"));
    String cloudId = uuid();
    String bitbucketId = uuid();
    for (String product : PRODUCTS) {
      workspaceIds.add(
          product.equals("bitbucket")
              ? "ari:cloud:bitbucket::workspace/" + bitbucketId
              : "ari:cloud:" + product + "::site/" + cloudId);
    }
    for (int g = 0; g < spec.groups(); g++) {
      SimGroup group = group(g);
      groups.add(group);
      groupsById.put(group.id, group);
    }
    List<SimUser> users = new ArrayList<>(spec.users());
    int admins = spec.users() == 0 ? 0 : Math.max(1, spec.users() / 400);
    for (int u = 0; u < spec.users(); u++) {
      SimUser user = user(u, domains, admins > 0);
      if (!user.platformRoles.isEmpty()) {
        admins--;
      }
      users.add(user);
    }
    List<SimWorkspace> workspaces = workspaces(slug, users);
    return new SimulatedOrg(spec, clock, directories, domains, workspaces, users, groups);
  }

  private SimGroup group(int g) {
    int d = g % directoryCount;
    int slot = g / directoryCount;
    String directoryId = directories.get(d).directoryId();
    String id = uuid();
    if (slot < 2 * PRODUCTS.size()) {
      boolean admin = slot >= PRODUCTS.size();
      int p = slot % PRODUCTS.size();
      String role = admin ? "atlassian/admin" : "atlassian/user";
      SimGroup group =
          new SimGroup(
              id,
              PRODUCTS.get(p) + (admin ? "-admins" : "-users"),
              (admin ? "Administers " : "Grants access to ") + PRODUCTS.get(p),
              directoryId,
              false,
              "admins",
              List.of(grant(p, admin ? null : role, role)),
              new int[] {p});
      (admin ? productAdmins : productUsers)[d][p] = group;
      return group;
    }
    String department = DEPARTMENTS[(slot / 10 + slot) % DEPARTMENTS.length];
    String number = String.format("%03d", slot);
    int kind = slot % 10;
    if (kind <= 1) {
      // 2 in 10 synced from the IdP; half of those grant a product, as license groups pushed by
      // Okta do.
      int p = (slot / 10) % PRODUCTS.size();
      boolean grants = kind == 0;
      SimGroup group =
          new SimGroup(
              id,
              "idp-" + department + "-" + number,
              "Synced from the identity provider",
              directoryId,
              true,
              "external",
              grants ? List.of(grant(p, null, "atlassian/user")) : List.of(),
              grants ? new int[] {p} : new int[0]);
      (grants ? syncedGranting.get(d).get(p) : syncedOther.get(d)).add(group);
      return group;
    }
    String managedBy = kind == 2 ? "team-members" : kind == 3 && slot % 20 == 3 ? "open" : "admins";
    String prefix =
        switch (managedBy) {
          case "team-members" -> "team-";
          case "open" -> "open-";
          default -> "";
        };
    boolean grants = kind == 5;
    int p = slot % PRODUCTS.size();
    SimGroup group =
        new SimGroup(
            id,
            prefix + department + "-" + number,
            "The " + department + " group",
            directoryId,
            false,
            managedBy,
            grants ? List.of(grant(p, null, "atlassian/user")) : List.of(),
            grants ? new int[] {p} : new int[0]);
    localOther.get(d).add(group);
    return group;
  }

  private SimulatorState.RoleAssignment grant(int product, String defaultRole, String role) {
    return new SimulatorState.RoleAssignment(
        workspaceIds.get(product), PRODUCTS.get(product), defaultRole, List.of(role));
  }

  private SimUser user(int u, List<SimulatorState.Domain> domains, boolean adminWanted) {
    int d = u % directoryCount;
    String directoryId = directories.get(d).directoryId();
    int kind = random.nextInt(100);
    String first = FIRST[random.nextInt(FIRST.length)];
    String last = LAST[random.nextInt(LAST.length)];
    int addedDays = 1 + random.nextInt(1800);
    Instant added = anchor.minus(Duration.ofDays(addedDays)).minusSeconds(random.nextInt(86_400));
    // 6 in 100 without addedToOrg in the v2 listing: clients fall back to last-active-dates.
    boolean addedListed = random.nextInt(100) >= 6;
    Instant[] lastActive = new Instant[PRODUCTS.size()];
    if (kind < 3) {
      // App (bot) accounts: Jira access, never "active" (API use is not activity), no email.
      SimUser app =
          new SimUser(
              "557058:" + uuid(),
              "app",
              "active",
              "active",
              directoryId,
              added,
              addedListed,
              APPS[random.nextInt(APPS.length)],
              "app-" + u,
              null,
              false,
              "unmanaged",
              List.of(),
              null,
              lastActive);
      join(app, productUsers[d][0]);
      return app;
    }
    if (kind < 9) {
      // JSM customers: no groups, no product access, email outside the org.
      String email =
          email(first, last, u, EXTERNAL_DOMAINS.get(random.nextInt(EXTERNAL_DOMAINS.size())));
      return new SimUser(
          "qm:" + uuid() + ":" + uuid(),
          "customer",
          "active",
          "active",
          directoryId,
          added,
          addedListed,
          first + " " + last,
          first.toLowerCase(Locale.ROOT),
          email,
          true,
          "unmanaged",
          List.of(),
          null,
          lastActive);
    }
    int domainRoll = random.nextInt(100);
    String domain =
        domainRoll < 70
            ? domains.get(random.nextInt(3)).name()
            : domainRoll < 75
                ? domains.get(3).name()
                : EXTERNAL_DOMAINS.get(random.nextInt(EXTERNAL_DOMAINS.size()));
    boolean managed = domains.stream().anyMatch(x -> x.verified() && x.name().equals(domain));
    boolean emailVerified = random.nextInt(100) < 95;
    String source = managed && random.nextInt(100) < 50 ? "synced" : "invited";
    int statusRoll = random.nextInt(100);
    String accountStatus = statusRoll >= 8 && statusRoll < 13 ? "inactive" : "active";
    String membership =
        statusRoll < 8
            ? "suspended"
            : statusRoll >= 13 && statusRoll < 18 && managed ? "no_membership" : "active";
    int profileRoll = random.nextInt(100);
    boolean active = accountStatus.equals("active") && membership.equals("active");
    // Active accounts: 55 recent, 25 inactive for months, 20 never active; others inactive or
    // never.
    String profile =
        membership.equals("no_membership")
            ? "never"
            : active
                ? (profileRoll < 55 ? "recent" : profileRoll < 80 ? "inactive" : "never")
                : profileRoll < 70 ? "inactive" : "never";
    boolean admin = adminWanted && managed && active;
    SimUser user =
        new SimUser(
            String.format("%08x%016x", u ^ (int) (spec.seed() * 0x9E3779B9L), random.nextLong()),
            "atlassian",
            accountStatus,
            membership,
            membership.equals("no_membership") ? null : directoryId,
            added,
            addedListed,
            first + " " + last,
            first.toLowerCase(Locale.ROOT),
            email(first, last, u, domain),
            emailVerified,
            managed ? "managed" : "unmanaged",
            admin ? List.of("atlassian/org-admin") : List.of(),
            source,
            lastActive);
    if (!membership.equals("no_membership")) {
      memberships(user, d);
      if (directoryCount > 1 && random.nextInt(100) < 20) {
        secondDirectory(user, d);
      }
    }
    activity(user, profile, addedDays);
    return user;
  }

  private void memberships(SimUser user, int d) {
    boolean synced = "synced".equals(user.managementSource);
    for (int p = 0; p < PRODUCTS.size(); p++) {
      if (random.nextInt(100) < ACCESS_SHARE[p]) {
        List<SimGroup> idpGroups = syncedGranting.get(d).get(p);
        boolean viaIdp = synced && !idpGroups.isEmpty() && random.nextBoolean();
        join(user, viaIdp ? idpGroups.get(random.nextInt(idpGroups.size())) : productUsers[d][p]);
      }
    }
    if (random.nextInt(100) < 3) {
      join(user, productAdmins[d][random.nextInt(PRODUCTS.size())]);
    }
    // Team and department groups; IdP groups only ever hold IdP-provisioned users.
    List<SimGroup> pool = new ArrayList<>(localOther.get(d));
    if (synced) {
      pool.addAll(syncedOther.get(d));
    }
    for (int i = random.nextInt(3); i > 0 && !pool.isEmpty(); i--) {
      join(user, pool.get(random.nextInt(pool.size())));
    }
  }

  /**
   * Original user-management experience: 20 in 100 invited accounts are also in a second directory
   * (another site's user base), with their groups there; in 1 of 4 that membership's state differs
   * from the first, so suspended-in-one-only users exist.
   */
  private void secondDirectory(SimUser user, int d) {
    int second = (d + 1 + random.nextInt(directoryCount - 1)) % directoryCount;
    String first = user.memberships.get(directories.get(d).directoryId());
    String state =
        random.nextInt(4) == 0 ? (first.equals("active") ? "suspended" : "active") : first;
    user.memberships.put(directories.get(second).directoryId(), state);
    memberships(user, second);
  }

  private void activity(SimUser user, String profile, int addedDays) {
    boolean[] has = access(user);
    for (int p = 0; p < has.length; p++) {
      if (!has[p] || profile.equals("never")) {
        continue;
      }
      int roll = random.nextInt(100);
      int daysAgo =
          profile.equals("recent") && roll >= 20
              ? random.nextInt(30)
              : profile.equals("recent") ? 60 + random.nextInt(120) : 90 + random.nextInt(450);
      Instant time =
          anchor
              .minus(Duration.ofDays(Math.min(daysAgo, addedDays)))
              .minusSeconds(random.nextInt(86_400));
      user.lastActive[p] = time.isBefore(user.addedToOrg) ? user.addedToOrg : time;
    }
  }

  private List<SimWorkspace> workspaces(String slug, List<SimUser> users) {
    int[] used = new int[PRODUCTS.size()];
    for (SimUser user : users) {
      boolean[] has = user.billable() ? access(user) : new boolean[PRODUCTS.size()];
      for (int w = 0; w < has.length; w++) {
        used[w] += has[w] ? 1 : 0;
      }
    }
    String site = "https://" + slug + ".atlassian.net";
    List<String> regions = REGIONS.getOrDefault(spec.realm(), List.of());
    List<SimWorkspace> workspaces = new ArrayList<>();
    for (int p = 0; p < PRODUCTS.size(); p++) {
      String product = PRODUCTS.get(p);
      // Seats bought: 20 % headroom over what is used, rounded up to tens (at least 10).
      int capacity = Math.max(10, (used[p] * 6 / 5 + 9) / 10 * 10);
      String family = product.startsWith("jira") ? "jira" : product;
      String host =
          product.equals("bitbucket")
              ? "https://bitbucket.org/" + slug
              : product.equals("confluence") ? site + "/wiki" : site;
      String label =
          switch (product) {
            case "jira-software" -> "Jira";
            case "confluence" -> "Confluence";
            case "jira-servicedesk" -> "Jira Service Management";
            default -> "Bitbucket";
          };
      workspaces.add(
          new SimWorkspace(
              p,
              workspaceIds.get(p),
              spec.name() + " " + label,
              product,
              family,
              capacity,
              host,
              spec.realm(),
              regions,
              anchor.minus(Duration.ofDays(2000))));
    }
    return workspaces;
  }

  private boolean[] access(SimUser user) {
    boolean[] has = new boolean[PRODUCTS.size()];
    for (String groupId : user.groupIds) {
      for (int w : groupsById.get(groupId).grantedWorkspaces) {
        has[w] = true;
      }
    }
    return has;
  }

  private static void join(SimUser user, SimGroup group) {
    if (group != null) {
      group.members.add(user.accountId);
      user.groupIds.add(group.id);
    }
  }

  private static String email(String first, String last, int u, String domain) {
    return (first + "." + last + "." + u).toLowerCase(Locale.ROOT) + "@" + domain;
  }

  /** A version-4-shaped UUID from the seeded random. */
  private String uuid() {
    long msb = (random.nextLong() & ~0xF000L) | 0x4000L;
    long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(msb, lsb).toString();
  }
}

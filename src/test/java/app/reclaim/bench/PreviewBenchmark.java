package app.reclaim.bench;

import app.reclaim.ReclaimApplication;
import app.reclaim.directory.DirectoryWriter;
import app.reclaim.directory.SyntheticDirectory;
import app.reclaim.directory.UserStatus;
import app.reclaim.organizations.InstallOrganization;
import app.reclaim.organizations.OrganizationService;
import app.reclaim.rules.ConditionNode;
import app.reclaim.rules.RuleAction;
import app.reclaim.rules.RuleDefinition;
import app.reclaim.rules.RuleService;
import app.reclaim.security.Caller;
import app.reclaim.security.Role;
import app.reclaim.store.KeyspaceRouter;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Preview of a typical rule ("Jira idle 90 days, active accounts, remove Jira access") over an org
 * of USERS users, cold (the org's in-memory index built from Cassandra by this preview) and warm,
 * next to the raw ceiling measured in the same run: reading all that org's user rows with the
 * driver, every bucket in parallel, paged. Medians of RUNS. Not a test: run through
 * bench/preview.sh.
 */
public final class PreviewBenchmark {

  public static void main(String[] args) {
    int users = Integer.getInteger("bench.users", 100_000);
    int runs = Integer.getInteger("bench.runs", 3);
    int cqlPort = Integer.getInteger("bench.cql-port", 39042);
    ConfigurableApplicationContext context =
        new SpringApplicationBuilder(ReclaimApplication.class)
            .profiles("local")
            .run(
                "--spring.cassandra.contact-points=127.0.0.1:" + cqlPort,
                "--server.port=0",
                "--reclaim.demo.enabled=false",
                "--reclaim.simulator.port=0",
                "--reclaim.sync.scheduler-enabled=false",
                "--logging.level.root=warn");
    try {
      run(context, users, runs);
    } finally {
      context.close();
    }
  }

  private static void run(ConfigurableApplicationContext context, int users, int runs) {
    OrganizationService organizations = context.getBean(OrganizationService.class);
    DirectoryWriter writer = context.getBean(DirectoryWriter.class);
    RuleService rules = context.getBean(RuleService.class);
    CqlSession session = context.getBean(CqlSession.class);
    KeyspaceRouter router = context.getBean(KeyspaceRouter.class);
    RuleDefinition rule =
        new RuleDefinition(
            "Jira idle 90 days",
            true,
            List.of("jira-software"),
            ConditionNode.all(
                ConditionNode.inactiveInProduct("jira-software", 90),
                ConditionNode.status(UserStatus.ACTIVE)),
            null,
            new RuleAction(RuleAction.Type.REMOVE_PRODUCT_ACCESS, null),
            false);

    List<Double> cold = new ArrayList<>();
    List<Double> warm = new ArrayList<>();
    List<Double> raw = new ArrayList<>();
    int matched = 0;
    for (int run = 0; run < runs; run++) {
      String orgId = "bench-preview-" + UUID.randomUUID().toString().substring(0, 8);
      organizations.install(new InstallOrganization(orgId, "Bench", "eu"));
      var directory = SyntheticDirectory.generate(run + 7, users, 200, Instant.now());
      writer.upsertGroups(orgId, directory.groups());
      for (int from = 0; from < users; from += 10_000) {
        writer.upsertUsers(orgId, directory.users().subList(from, Math.min(users, from + 10_000)));
      }
      Caller caller = new Caller(orgId, "bench", Set.of(Role.VIEWER));

      long start = System.nanoTime();
      var preview = rules.preview(caller, null, rule, 50, null);
      cold.add((System.nanoTime() - start) / 1e6);
      matched = preview.preview().totals().matched();
      for (int i = 0; i < 5; i++) {
        start = System.nanoTime();
        rules.preview(caller, null, rule, 50, null);
        warm.add((System.nanoTime() - start) / 1e6);
      }
      start = System.nanoTime();
      long rows =
          readAll(
              session,
              router.prepareInRegion(
                  "eu",
                  "SELECT account_id, name, email, account_type, status, managed, org_admin, idp_synced,"
                      + " added_to_org, product_access, last_active, group_ids FROM users WHERE org_id = ? AND bucket = ?"),
              orgId);
      raw.add((System.nanoTime() - start) / 1e6);
      System.out.printf(
          "run %d: cold %.0f ms, warm %.1f ms (median of 5), raw read of %d rows %.0f ms%n",
          run,
          cold.get(run),
          median(warm.subList(warm.size() - 5, warm.size())),
          rows,
          raw.get(run));
    }
    double rawMedian = median(raw);
    System.out.println();
    System.out.printf(
        "machine: %d cores; %d users, 200 groups, %d matched; medians of %d runs%n",
        Runtime.getRuntime().availableProcessors(), users, matched, runs);
    System.out.printf("%-58s %10s %8s%n", "figure", "ms", "ratio");
    System.out.printf(
        "%-58s %10.0f %8.2f%n",
        "preview, cold (index built from Cassandra)", median(cold), median(cold) / rawMedian);
    System.out.printf(
        "%-58s %10.1f %8.2f%n", "preview, warm", median(warm), median(warm) / rawMedian);
    System.out.printf(
        "%-58s %10.0f %8.2f%n",
        "ceiling: raw read of all user rows, 64 buckets parallel", rawMedian, 1.0);
  }

  /** Every row of the org's 64 user partitions, all buckets in flight at once, pages of 1,000. */
  private static long readAll(CqlSession session, PreparedStatement select, String orgId) {
    AtomicLong rows = new AtomicLong();
    List<CompletableFuture<Void>> buckets = new ArrayList<>();
    for (int bucket = 0; bucket < 64; bucket++) {
      CompletableFuture<Void> done = new CompletableFuture<>();
      session
          .executeAsync(select.bind(orgId, bucket).setPageSize(1000))
          .whenComplete((rs, e) -> drain(rs, e, rows, done));
      buckets.add(done);
    }
    CompletableFuture.allOf(buckets.toArray(CompletableFuture[]::new)).join();
    return rows.get();
  }

  private static void drain(
      AsyncResultSet rs, Throwable error, AtomicLong rows, CompletableFuture<Void> done) {
    if (error != null) {
      done.completeExceptionally(error);
      return;
    }
    for (var row : rs.currentPage()) {
      rows.incrementAndGet();
    }
    if (rs.hasMorePages()) {
      rs.fetchNextPage().whenComplete((next, e) -> drain(next, e, rows, done));
    } else {
      done.complete(null);
    }
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}

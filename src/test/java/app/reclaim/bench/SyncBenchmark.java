package app.reclaim.bench;

import app.reclaim.ReclaimApplication;
import app.reclaim.organizations.CredentialsService;
import app.reclaim.organizations.InstallOrganization;
import app.reclaim.organizations.OrganizationService;
import app.reclaim.simulator.AdminApiSimulator;
import app.reclaim.simulator.SimulatorState;
import app.reclaim.store.KeyspaceRouter;
import app.reclaim.sync.DirectorySync;
import app.reclaim.sync.SyncJob;
import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Sync ingest: a FULL sync of a simulated org (default 100,000 users) through the real client and
 * simulator over HTTP into Cassandra, in users/s, next to the raw driver ceiling measured in the
 * same run: the same user rows written as unlogged batches of 50 rows of one partition, 32 in
 * flight. Medians of RUNS runs, each into a fresh org. Not a test: run through bench/sync.sh.
 */
public final class SyncBenchmark {

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
                "--reclaim.atlassian.rate-limit.requests-per-period=100000",
                "--logging.level.root=warn",
                "--logging.level.app.reclaim.sync=info");
    try {
      new SyncBenchmark().run(context, users, runs);
    } finally {
      context.close();
    }
  }

  private void run(ConfigurableApplicationContext context, int users, int runs) {
    AdminApiSimulator simulator = context.getBean(AdminApiSimulator.class);
    OrganizationService organizations = context.getBean(OrganizationService.class);
    CredentialsService credentials = context.getBean(CredentialsService.class);
    DirectorySync sync = context.getBean(DirectorySync.class);
    KeyspaceRouter router = context.getBean(KeyspaceRouter.class);
    CqlSession session = context.getBean(CqlSession.class);

    List<Double> syncRates = new ArrayList<>();
    List<Double> rawRates = new ArrayList<>();
    SimulatorState.Org upstream = null;
    for (int run = 0; run < runs; run++) {
      String orgId = "bench-sync-" + UUID.randomUUID().toString().substring(0, 8);
      String key = simulator.addOrg(orgId, 2026, users, 200);
      organizations.install(new InstallOrganization(orgId, "Bench", "eu"));
      credentials.set(orgId, key, LocalDate.now().plusDays(30));
      long start = System.nanoTime();
      SyncJob job = sync.runNow(orgId, SyncJob.Kind.FULL).job();
      double seconds = (System.nanoTime() - start) / 1e9;
      if (job.state() != SyncJob.State.COMPLETED) {
        throw new IllegalStateException("sync ended " + job.state() + " " + job.errorCode());
      }
      syncRates.add(job.usersSynced() / seconds);
      System.out.printf(
          "run %d: sync %d users in %.2f s (%.0f users/s, %d pages)%n",
          run, job.usersSynced(), seconds, job.usersSynced() / seconds, job.pagesRead());
      upstream = upstream == null ? simulator.state(orgId) : upstream;
      simulator.removeOrg(orgId);

      String rawOrg = "bench-raw-" + UUID.randomUUID().toString().substring(0, 8);
      organizations.install(new InstallOrganization(rawOrg, "Bench raw", "eu"));
      PreparedStatement insert =
          router.prepareInRegion(
              "eu",
              "INSERT INTO users (org_id, bucket,"
                  + " account_id, name, email, account_type, status, managed, org_admin, idp_synced,"
                  + " added_to_org, product_access, last_active, group_ids, updated_at, sync_generation)"
                  + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
      start = System.nanoTime();
      int written = rawWrite(session, insert, rawOrg, upstream);
      seconds = (System.nanoTime() - start) / 1e9;
      rawRates.add(written / seconds);
      System.out.printf(
          "run %d: raw batched writes of %d rows in %.2f s (%.0f rows/s)%n",
          run, written, seconds, written / seconds);
    }
    double syncMedian = median(syncRates);
    double rawMedian = median(rawRates);
    System.out.println();
    System.out.printf(
        "machine: %d cores, %d GiB; %d users, 200 groups; medians of %d runs%n",
        Runtime.getRuntime().availableProcessors(),
        ((com.sun.management.OperatingSystemMXBean)
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize()
            >> 30,
        users,
        runs);
    System.out.printf("%-52s %12s%n", "figure", "rows/s");
    System.out.printf("%-52s %12.0f%n", "sync (simulator HTTP -> client -> Cassandra)", syncMedian);
    System.out.printf(
        "%-52s %12.0f%n", "ceiling: raw unlogged batches, 50 rows, 32 in flight", rawMedian);
    System.out.printf("%-52s %12.2f%n", "ratio", syncMedian / rawMedian);
  }

  /** The same user rows, grouped by partition into unlogged batches of 50, 32 batches in flight. */
  private static int rawWrite(
      CqlSession session, PreparedStatement insert, String orgId, SimulatorState.Org upstream) {
    Map<Integer, List<BoundStatement>> byBucket = new HashMap<>();
    Instant now = Instant.now();
    for (SimulatorState.User u : upstream.users()) {
      int bucket = Math.floorMod(u.accountId().hashCode(), 64);
      Map<String, Instant> lastActive = new HashMap<>();
      u.productAccess().stream()
          .filter(p -> p.lastActive() != null)
          .forEach(p -> lastActive.merge(p.key(), p.lastActive(), (a, b) -> a.isAfter(b) ? a : b));
      byBucket
          .computeIfAbsent(bucket, b -> new ArrayList<>())
          .add(
              insert.bind(
                  orgId,
                  bucket,
                  u.accountId(),
                  u.name(),
                  u.email(),
                  u.accountType().toUpperCase(),
                  u.status().toUpperCase(),
                  "managed".equals(u.claimStatus()),
                  u.orgAdmin(),
                  u.synced(),
                  u.addedToOrg(),
                  new HashSet<>(
                      u.productAccess().stream().map(SimulatorState.ProductAccess::key).toList()),
                  lastActive,
                  new HashSet<>(u.groupIds()),
                  now,
                  1L));
    }
    Semaphore inFlight = new Semaphore(32);
    List<CompletableFuture<?>> pending = new ArrayList<>();
    int rows = 0;
    for (List<BoundStatement> partition : byBucket.values()) {
      for (int from = 0; from < partition.size(); from += 50) {
        List<BoundStatement> chunk = partition.subList(from, Math.min(partition.size(), from + 50));
        BatchStatement batch =
            BatchStatement.newInstance(BatchType.UNLOGGED)
                .addAll(chunk)
                .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM);
        inFlight.acquireUninterruptibly();
        pending.add(
            session
                .executeAsync(batch)
                .toCompletableFuture()
                .whenComplete((r, e) -> inFlight.release()));
        rows += chunk.size();
      }
    }
    CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
    return rows;
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}

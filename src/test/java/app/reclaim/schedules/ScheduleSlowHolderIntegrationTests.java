package app.reclaim.schedules;

import static org.assertj.core.api.Assertions.assertThat;

import app.reclaim.IntegrationTest;
import app.reclaim.SlowHolders;
import app.reclaim.cleanup.CleanupService;
import app.reclaim.organizations.OrganizationService;
import com.datastax.oss.driver.api.core.CqlSession;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.scheduling.support.CronExpression;

/**
 * One run per fire when the instances firing a schedule are slow, not dead (issue 18). Two firers
 * with different owners stand for two instances. Each round a fresh org gets a PREVIEW schedule (no
 * upstream writes) and the firers tick it with a chosen now just past its next fire while the
 * tests' Cassandra node is paused, while every core is busy, or while one firer acts on a stale
 * read. Each round then checks that exactly one run of the rule was started by the schedule, that
 * the schedule's last run is that run, and that its next fire moved once, to the cron's next time
 * after now.
 */
class ScheduleSlowHolderIntegrationTests extends IntegrationTest {

  private static final String CRON = "0 0 * * * *";
  private static final ZoneId UTC = ZoneId.of("UTC");
  private static final String RUNS =
      "query($filter: CleanupRunFilter) { cleanupRuns(filter: $filter, first: 50) {"
          + " edges { node { id startedBy } } } }";

  @Autowired ScheduleRepository repository;
  @Autowired CleanupService cleanup;
  @Autowired OrganizationService organizations;
  @Autowired CqlSession session;

  private ExecutorService threads;

  @BeforeEach
  void threads() {
    threads = Executors.newCachedThreadPool();
  }

  @AfterEach
  void stopThreads() {
    threads.shutdownNow();
  }

  /** A schedule's fire due at {@code at}, to be ticked at {@code now}, just after it. */
  record Due(String orgId, String ruleId, UUID scheduleId, Instant at, Instant now) {}

  @Test
  void shouldFireOnceWhenCassandraIsPausedWhileTwoInstancesTick() throws Exception {
    for (int round = 0; round < SlowHolders.rounds(); round++) {
      Due due = due();
      ScheduleFirer a = firer("instance-a");
      ScheduleFirer b = firer("instance-b");
      List<Throwable> failed = new CopyOnWriteArrayList<>();
      Future<?> pause = threads.submit(() -> SlowHolders.pauseCassandra(Duration.ofSeconds(2)));
      Future<Integer> fa = threads.submit(() -> recording(failed, () -> tick(a, due)));
      Future<Integer> fb = threads.submit(() -> recording(failed, () -> tick(b, due)));
      pause.get(1, TimeUnit.MINUTES);
      int fired = fa.get(1, TimeUnit.MINUTES) + fb.get(1, TimeUnit.MINUTES);
      SlowHolders.awaitCassandra(session);
      // The schedulers' next ticks, with the same now: a tick that fails is tried again.
      fired += untilAnswered(a, due, failed) + untilAnswered(b, due, failed);
      String why = "Cassandra paused, round " + round + " (calls failed: " + failed + ")";
      // A tick may fail before it claims; the claim's winner keeps at its fire until it is done.
      assertThat(fired).as(why + ": fires reported").isEqualTo(1);
      check(why, due);
    }
  }

  @Test
  void shouldFireOnceWhenTheCpuIsStarved() throws Exception {
    int cores = Runtime.getRuntime().availableProcessors();
    for (int round = 0; round < SlowHolders.rounds(); round++) {
      Due due = due();
      ScheduleFirer a = firer("instance-a");
      ScheduleFirer b = firer("instance-b");
      int fired;
      try (AutoCloseable busy = SlowHolders.busyThreads(2 * cores)) {
        CountDownLatch go = new CountDownLatch(1);
        Future<Integer> fa = threads.submit(() -> after(go, () -> tick(a, due)));
        Future<Integer> fb = threads.submit(() -> after(go, () -> tick(b, due)));
        go.countDown();
        fired = fa.get(1, TimeUnit.MINUTES) + fb.get(1, TimeUnit.MINUTES);
      }
      String why = "CPU starved, round " + round;
      assertThat(fired).as(why + ": fires reported").isEqualTo(1);
      check(why, due);
    }
  }

  @Test
  void shouldNotLetAStaleFirerStartASecondRun() {
    for (int round = 0; round < SlowHolders.rounds(); round++) {
      Due due = due();
      ScheduleFirer a = firer("instance-a");
      ScheduleFirer b = firer("instance-b");
      String why = "stale firer, round " + round;
      Schedule seenByB = repository.find(due.orgId(), due.scheduleId()).orElseThrow();
      assertThat(tick(a, due)).as(why + ": A fires").isEqualTo(1);
      // B was slow between its read and its claim: its clock has moved on, its read has not.
      assertThat(b.fire(seenByB, due.now().plusSeconds(30)))
          .as(why + ": B's late fire")
          .isEqualTo(ScheduleFirer.Outcome.LOST);
      assertThat(tick(b, due)).as(why + ": B's next tick").isZero();
      check(why, due);
    }
  }

  /** A fresh simulated org with a PREVIEW schedule of a new rule, and its next fire. */
  private Due due() {
    String orgId = simulatedOrg(ThreadLocalRandom.current().nextLong(1_000_000), 30, 3);
    var rule =
        asAdmin(orgId)
            .post(
                ScheduleIntegrationTests.CREATE_RULE,
                Map.of(
                    "input",
                    Map.of(
                        "rule",
                        Map.of(
                            "name",
                            "Idle " + UUID.randomUUID(),
                            "condition",
                            Map.of("inactiveInAllProducts", Map.of("days", 30)),
                            "action",
                            Map.of("type", "SUSPEND")))));
    assertThat((List<?>) rule.read("$.data.createRule.userErrors")).as(rule.body()).isEmpty();
    String ruleId = rule.read("$.data.createRule.rule.id");
    var created =
        asAdmin(orgId)
            .post(
                ScheduleIntegrationTests.CREATE,
                Map.of(
                    "input",
                    ScheduleIntegrationTests.input(
                        "Hourly " + UUID.randomUUID(), CRON, "UTC", ruleId)));
    assertThat((List<?>) created.read("$.data.createSchedule.userErrors"))
        .as(created.body())
        .isEmpty();
    Instant at = Instant.parse(created.read("$.data.createSchedule.schedule.nextFireAt"));
    UUID id = UUID.fromString(created.read("$.data.createSchedule.schedule.id"));
    return new Due(orgId, ruleId, id, at, at.plusSeconds(1));
  }

  /**
   * One run of the rule, started by the schedule and recorded as its last run; the next fire the
   * cron's next time after now.
   */
  private void check(String why, Due due) {
    var read =
        asViewer(due.orgId())
            .post(ScheduleIntegrationTests.ONE, Map.of("id", due.scheduleId().toString()));
    List<Map<String, Object>> runs =
        asViewer(due.orgId())
            .post(RUNS, Map.of("filter", Map.of("ruleId", due.ruleId())))
            .read("$.data.cleanupRuns.edges[*].node");
    assertThat(runs).as(why + ": runs of the rule; schedule " + read.body()).hasSize(1);
    assertThat(runs.get(0)).containsEntry("startedBy", "schedule:" + due.scheduleId());
    Map<String, Object> lastRun = read.read("$.data.schedule.lastRun");
    assertThat(lastRun)
        .as(why + ": last run of " + read.body())
        .containsEntry("runId", runs.get(0).get("id"))
        .containsEntry("errorCode", null);
    assertThat(Instant.parse((String) lastRun.get("at"))).as(why).isEqualTo(due.now());
    assertThat(Instant.parse(read.<String>read("$.data.schedule.nextFireAt")))
        .as(why + ": next fire")
        .isEqualTo(ScheduleService.nextAfter(CronExpression.parse(CRON), UTC, due.now()))
        .isEqualTo(due.at().plus(Duration.ofHours(1)));
  }

  private ScheduleFirer firer(String owner) {
    return new ScheduleFirer(repository, cleanup, organizations, Duration.ofHours(1), owner);
  }

  private static int tick(ScheduleFirer firer, Due due) {
    return firer.tickOrg(due.orgId(), due.now());
  }

  /**
   * {@code firer}'s ticks until one returns, as its scheduler would go on ticking; what it fired.
   */
  private static int untilAnswered(ScheduleFirer firer, Due due, List<Throwable> failed) {
    AtomicInteger fired = new AtomicInteger(-1);
    Awaitility.await("a tick that answers")
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              try {
                fired.set(tick(firer, due));
                return true;
              } catch (RuntimeException e) {
                failed.add(where(e));
                return false;
              }
            });
    return fired.get();
  }

  /** What {@code tick} fired, or 0 when it failed (recorded): a reconnecting Cassandra fails it. */
  private static int recording(List<Throwable> failed, IntSupplier tick) {
    try {
      return tick.getAsInt();
    } catch (RuntimeException e) {
      failed.add(where(e));
      return 0;
    }
  }

  /** {@code e} with the project's innermost frames it passed through, for the round's message. */
  private static Throwable where(RuntimeException e) {
    List<String> frames =
        java.util.Arrays.stream(e.getStackTrace())
            .filter(f -> f.getClassName().startsWith("app.reclaim."))
            .limit(3)
            .map(f -> f.getClassName().substring(12) + "." + f.getMethodName())
            .toList();
    return new IllegalStateException(e + " in " + frames, e);
  }

  private static int after(CountDownLatch go, IntSupplier tick) throws InterruptedException {
    go.await();
    return tick.getAsInt();
  }
}

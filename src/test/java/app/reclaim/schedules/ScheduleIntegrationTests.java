package app.reclaim.schedules;

import static org.assertj.core.api.Assertions.assertThat;

import app.reclaim.IntegrationTest;
import app.reclaim.cleanup.CleanupRun;
import app.reclaim.cleanup.CleanupService;
import app.reclaim.organizations.InstallOrganization;
import app.reclaim.organizations.OrganizationService;
import app.reclaim.security.Caller;
import app.reclaim.security.Role;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.scheduling.support.CronExpression;

/**
 * Schedules over real GraphQL HTTP; firing is driven by calling the firer's tick directly with a
 * chosen {@code now} (the @Scheduled ticker is off in tests), never by waiting for time to pass.
 */
class ScheduleIntegrationTests extends IntegrationTest {

  static final String CREATE_RULE =
      "mutation($input: CreateRuleInput!) { createRule(input: $input) {"
          + " rule { id } userErrors { code message } } }";
  static final String FIELDS =
      "id name cron timeZone ruleId mode enabled version nextFireAt"
          + " lastRun { runId at errorCode } createdAt updatedAt updatedBy";
  static final String CREATE =
      "mutation($input: CreateScheduleInput!) { createSchedule(input: $input) {"
          + " schedule { "
          + FIELDS
          + " } userErrors { field message code } } }";
  static final String UPDATE =
      "mutation($input: UpdateScheduleInput!) { updateSchedule(input: $input) {"
          + " schedule { "
          + FIELDS
          + " } userErrors { field message code } } }";
  static final String PAUSE =
      "mutation($input: ScheduleIdInput!) { pauseSchedule(input: $input) {"
          + " schedule { "
          + FIELDS
          + " } userErrors { field message code } } }";
  static final String RESUME =
      "mutation($input: ScheduleIdInput!) { resumeSchedule(input: $input) {"
          + " schedule { "
          + FIELDS
          + " } userErrors { field message code } } }";
  static final String DELETE =
      "mutation($input: ScheduleIdInput!) { deleteSchedule(input: $input) {"
          + " deletedScheduleId userErrors { field message code } } }";
  static final String ONE = "query($id: ID!) { schedule(id: $id) { " + FIELDS + " } }";
  static final String LIST =
      "query($first: Int, $after: String) { schedules(first: $first, after: $after) {"
          + " edges { cursor node { id name } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }";

  @Autowired OrganizationService organizations;

  @Autowired ScheduleRepository repository;

  @Autowired CleanupService cleanup;

  String org() {
    String orgId = freshOrgId();
    organizations.install(new InstallOrganization(orgId, "Schedules " + orgId, "eu"));
    return orgId;
  }

  String rule(String orgId) {
    var response =
        asAdmin(orgId)
            .post(
                CREATE_RULE,
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
    assertThat((List<?>) response.read("$.data.createRule.userErrors"))
        .as(response.body())
        .isEmpty();
    return response.read("$.data.createRule.rule.id");
  }

  static Map<String, Object> input(String name, String cron, String zone, String ruleId) {
    Map<String, Object> in = new HashMap<>();
    in.put("name", name);
    in.put("cron", cron);
    in.put("timeZone", zone);
    in.put("ruleId", ruleId);
    in.put("mode", "PREVIEW");
    return in;
  }

  Map<String, Object> createOk(String orgId, Map<String, Object> input) {
    var response = asAdmin(orgId).post(CREATE, Map.of("input", input));
    assertThat((List<?>) response.read("$.data.createSchedule.userErrors"))
        .as(response.body())
        .isEmpty();
    return response.read("$.data.createSchedule.schedule");
  }

  List<Map<String, Object>> errors(
      String orgId, String mutation, String field, Map<String, Object> input) {
    var response = asAdmin(orgId).post(mutation, Map.of("input", input));
    assertThat((Object) response.read("$.data." + field + ".schedule"))
        .as(response.body())
        .isNull();
    return response.read("$.data." + field + ".userErrors");
  }

  /** A schedule written directly with a chosen next fire time (as if created long ago). */
  Schedule stored(String orgId, String ruleId, String cron, String zone, Instant nextFireAt) {
    Instant created = nextFireAt.minus(Duration.ofDays(1));
    Schedule s =
        new Schedule(
            orgId,
            Uuids.timeBased(),
            "Stored " + UUID.randomUUID(),
            cron,
            zone,
            ruleId,
            CleanupRun.Mode.PREVIEW,
            true,
            1,
            nextFireAt,
            null,
            null,
            null,
            created,
            created,
            "test");
    repository.create(s);
    return s;
  }

  Schedule read(Schedule s) {
    return repository.find(s.orgId(), s.id()).orElseThrow();
  }

  int runsOf(String orgId, String ruleId) {
    return cleanup
        .runs(
            new Caller(orgId, "test", Set.of(Role.VIEWER)),
            new CleanupService.RunFilter(ruleId, null, null, null),
            100,
            null)
        .edges()
        .size();
  }

  ScheduleFirer firer(String owner) {
    return new ScheduleFirer(repository, cleanup, organizations, Duration.ofHours(1), owner);
  }

  @Test
  void shouldCreateReadUpdatePauseResumeAndDelete() {
    String orgId = org();
    String ruleId = rule(orgId);
    Map<String, Object> created =
        createOk(orgId, input("Nightly", "0 0 3 * * *", "Europe/Berlin", ruleId));
    String id = (String) created.get("id");
    assertThat(created)
        .containsEntry("name", "Nightly")
        .containsEntry("cron", "0 0 3 * * *")
        .containsEntry("timeZone", "Europe/Berlin")
        .containsEntry("ruleId", ruleId)
        .containsEntry("mode", "PREVIEW")
        .containsEntry("enabled", true)
        .containsEntry("version", 1)
        .containsEntry("lastRun", null)
        .containsEntry("updatedBy", "test-admin");
    ZonedDateTime next =
        Instant.parse((String) created.get("nextFireAt")).atZone(ZoneId.of("Europe/Berlin"));
    assertThat(next.getHour()).isEqualTo(3);
    assertThat(next.getMinute()).isZero();

    Map<String, Object> viewed =
        asViewer(orgId).post(ONE, Map.of("id", id)).read("$.data.schedule");
    assertThat(viewed).containsEntry("name", "Nightly").containsEntry("version", 1);
    List<String> listed =
        asViewer(orgId).post(LIST, Map.of()).read("$.data.schedules.edges[*].node.id");
    assertThat(listed).containsExactly(id);

    var updated =
        asAdmin(orgId)
            .post(
                UPDATE,
                Map.of(
                    "input",
                    Map.of(
                        "id",
                        id,
                        "expectedVersion",
                        1,
                        "name",
                        "Weekly",
                        "cron",
                        "0 30 6 * * MON",
                        "timeZone",
                        "UTC",
                        "mode",
                        "EXECUTE")));
    Map<String, Object> u = updated.read("$.data.updateSchedule.schedule");
    assertThat(u)
        .as(updated.body())
        .containsEntry("name", "Weekly")
        .containsEntry("cron", "0 30 6 * * MON")
        .containsEntry("timeZone", "UTC")
        .containsEntry("mode", "EXECUTE")
        .containsEntry("version", 2);
    ZonedDateTime weekly = Instant.parse((String) u.get("nextFireAt")).atZone(ZoneId.of("UTC"));
    assertThat(weekly.getDayOfWeek()).isEqualTo(java.time.DayOfWeek.MONDAY);
    assertThat(weekly.getHour()).isEqualTo(6);

    List<Map<String, Object>> stale =
        errors(
            orgId,
            UPDATE,
            "updateSchedule",
            Map.of("id", id, "expectedVersion", 1, "name", "Again"));
    assertThat(stale).extracting(e -> e.get("code")).containsExactly("STALE_VERSION");
    assertThat(stale.get(0).get("field")).isEqualTo(List.of("input", "expectedVersion"));

    Map<String, Object> paused =
        asAdmin(orgId)
            .post(PAUSE, Map.of("input", Map.of("id", id)))
            .read("$.data.pauseSchedule.schedule");
    assertThat(paused)
        .containsEntry("enabled", false)
        .containsEntry("nextFireAt", null)
        .containsEntry("version", 3);
    Map<String, Object> resumed =
        asAdmin(orgId)
            .post(RESUME, Map.of("input", Map.of("id", id)))
            .read("$.data.resumeSchedule.schedule");
    assertThat(resumed).containsEntry("enabled", true).containsEntry("version", 4);
    assertThat(resumed.get("nextFireAt")).isNotNull();

    var deleted = asAdmin(orgId).post(DELETE, Map.of("input", Map.of("id", id)));
    assertThat((String) deleted.read("$.data.deleteSchedule.deletedScheduleId")).isEqualTo(id);
    assertThat((Object) asViewer(orgId).post(ONE, Map.of("id", id)).read("$.data.schedule"))
        .isNull();
    List<Map<String, Object>> again =
        asAdmin(orgId)
            .post(DELETE, Map.of("input", Map.of("id", id)))
            .read("$.data.deleteSchedule.userErrors");
    assertThat(again).extracting(e -> e.get("code")).containsExactly("NOT_FOUND");
  }

  @Test
  void shouldReturnUserErrorsAndSaveNothing() {
    String orgId = org();
    String ruleId = rule(orgId);
    createOk(orgId, input("Taken", "0 0 3 * * *", "UTC", ruleId));

    assertThat(
            errors(orgId, CREATE, "createSchedule", input("Bad cron", "every day", "UTC", ruleId)))
        .extracting(e -> e.get("code"), e -> e.get("field"))
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("INVALID_CRON", List.of("input", "cron")));
    assertThat(
            errors(orgId, CREATE, "createSchedule", input("Never", "0 0 0 30 2 *", "UTC", ruleId)))
        .extracting(e -> e.get("code"))
        .containsExactly("INVALID_CRON");
    assertThat(
            errors(
                orgId,
                CREATE,
                "createSchedule",
                input("Zone", "0 0 3 * * *", "Mars/Olympus", ruleId)))
        .extracting(e -> e.get("code"), e -> e.get("field"))
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("UNKNOWN_TIME_ZONE", List.of("input", "timeZone")));
    assertThat(
            errors(
                orgId,
                CREATE,
                "createSchedule",
                input("Rule", "0 0 3 * * *", "UTC", Uuids.timeBased().toString())))
        .extracting(e -> e.get("code"), e -> e.get("field"))
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("UNKNOWN_RULE", List.of("input", "ruleId")));
    assertThat(errors(orgId, CREATE, "createSchedule", input("  ", "0 0 3 * * *", "UTC", ruleId)))
        .extracting(e -> e.get("code"), e -> e.get("field"))
        .containsExactly(org.assertj.core.groups.Tuple.tuple("BLANK", List.of("input", "name")));
    assertThat(
            errors(orgId, CREATE, "createSchedule", input("taken", "0 0 3 * * *", "UTC", ruleId)))
        .extracting(e -> e.get("code"), e -> e.get("field"))
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("DUPLICATE_NAME", List.of("input", "name")));
    // Several problems at once are all reported.
    assertThat(errors(orgId, CREATE, "createSchedule", input("", "x", "Nowhere", "nope")))
        .extracting(e -> e.get("code"))
        .containsExactlyInAnyOrder("BLANK", "INVALID_CRON", "UNKNOWN_TIME_ZONE", "UNKNOWN_RULE");
    for (Map<String, Object> e :
        errors(orgId, CREATE, "createSchedule", input("", "x", "Nowhere", "nope"))) {
      assertThat((String) e.get("message")).isNotBlank();
    }
    List<String> names =
        asViewer(orgId).post(LIST, Map.of()).read("$.data.schedules.edges[*].node.name");
    assertThat(names).containsExactly("Taken");

    String other = (String) createOk(orgId, input("Other", "0 0 4 * * *", "UTC", ruleId)).get("id");
    assertThat(
            errors(
                orgId,
                UPDATE,
                "updateSchedule",
                Map.of("id", other, "expectedVersion", 1, "name", "TAKEN")))
        .extracting(e -> e.get("code"))
        .containsExactly("DUPLICATE_NAME");
    assertThat(
            errors(
                orgId,
                UPDATE,
                "updateSchedule",
                Map.of("id", other, "expectedVersion", 1, "cron", "61 * * * * *")))
        .extracting(e -> e.get("code"))
        .containsExactly("INVALID_CRON");
    assertThat(
            errors(
                orgId,
                UPDATE,
                "updateSchedule",
                Map.of("id", Uuids.timeBased().toString(), "expectedVersion", 1)))
        .extracting(e -> e.get("code"))
        .containsExactly("NOT_FOUND");
    assertThat(errors(orgId, PAUSE, "pauseSchedule", Map.of("id", "not-an-id")))
        .extracting(e -> e.get("code"))
        .containsExactly("NOT_FOUND");
    Map<String, Object> unchanged =
        asViewer(orgId).post(ONE, Map.of("id", other)).read("$.data.schedule");
    assertThat(unchanged).containsEntry("name", "Other").containsEntry("version", 1);
  }

  @Test
  void shouldAcceptFiveFieldCronAndPageTheList() {
    String orgId = org();
    String ruleId = rule(orgId);
    Map<String, Object> s = createOk(orgId, input("Unix", "15 2 * * *", "UTC", ruleId));
    assertThat(s).containsEntry("cron", "0 15 2 * * *");
    createOk(orgId, input("Two", "@daily", "UTC", ruleId));
    createOk(orgId, input("Three", "0 0 * * * *", "UTC", ruleId));
    var page = asViewer(orgId).post(LIST, Map.of("first", 2));
    assertThat((List<String>) page.read("$.data.schedules.edges[*].node.name"))
        .containsExactly("Unix", "Two");
    assertThat((Boolean) page.read("$.data.schedules.pageInfo.hasNextPage")).isTrue();
    var rest =
        asViewer(orgId)
            .post(
                LIST,
                Map.of("first", 2, "after", page.read("$.data.schedules.pageInfo.endCursor")));
    assertThat((List<String>) rest.read("$.data.schedules.edges[*].node.name"))
        .containsExactly("Three");
    assertThat((Boolean) rest.read("$.data.schedules.pageInfo.hasNextPage")).isFalse();
  }

  @Test
  void shouldRefuseAViewersMutations() {
    String orgId = org();
    String ruleId = rule(orgId);
    String id = (String) createOk(orgId, input("Mine", "0 0 3 * * *", "UTC", ruleId)).get("id");
    assertThat(
            asViewer(orgId)
                .post(CREATE, Map.of("input", input("Viewer", "0 0 3 * * *", "UTC", ruleId)))
                .body())
        .contains("FORBIDDEN");
    assertThat(asViewer(orgId).post(PAUSE, Map.of("input", Map.of("id", id))).body())
        .contains("FORBIDDEN");
    assertThat(asViewer(orgId).post(DELETE, Map.of("input", Map.of("id", id))).body())
        .contains("FORBIDDEN");
    assertThat(
            asViewer(orgId)
                .post(UPDATE, Map.of("input", Map.of("id", id, "expectedVersion", 1, "name", "x")))
                .body())
        .contains("FORBIDDEN");
    Map<String, Object> still = asViewer(orgId).post(ONE, Map.of("id", id)).read("$.data.schedule");
    assertThat(still).containsEntry("enabled", true).containsEntry("version", 1);
  }

  @Test
  void shouldKeepEachOrgsSchedulesToItself() {
    String orgA = org();
    String orgB = org();
    String ruleA = rule(orgA);
    String id = (String) createOk(orgA, input("A only", "0 0 3 * * *", "UTC", ruleA)).get("id");
    assertThat((Object) asViewer(orgB).post(ONE, Map.of("id", id)).read("$.data.schedule"))
        .isNull();
    assertThat((List<?>) asViewer(orgB).post(LIST, Map.of()).read("$.data.schedules.edges"))
        .isEmpty();
    assertThat(errors(orgB, PAUSE, "pauseSchedule", Map.of("id", id)))
        .extracting(e -> e.get("code"))
        .containsExactly("NOT_FOUND");
    assertThat(
            errors(
                orgB,
                UPDATE,
                "updateSchedule",
                Map.of("id", id, "expectedVersion", 1, "name", "B")))
        .extracting(e -> e.get("code"))
        .containsExactly("NOT_FOUND");
    assertThat(
            (List<Map<String, Object>>)
                asAdmin(orgB)
                    .post(DELETE, Map.of("input", Map.of("id", id)))
                    .read("$.data.deleteSchedule.userErrors"))
        .extracting(e -> e.get("code"))
        .containsExactly("NOT_FOUND");
    // Another org's rule is unknown here.
    assertThat(
            errors(orgB, CREATE, "createSchedule", input("Borrowed", "0 0 3 * * *", "UTC", ruleA)))
        .extracting(e -> e.get("code"))
        .containsExactly("UNKNOWN_RULE");
    Map<String, Object> a = asViewer(orgA).post(ONE, Map.of("id", id)).read("$.data.schedule");
    assertThat(a).containsEntry("name", "A only").containsEntry("enabled", true);
  }

  @Test
  void shouldComputeNextFireTimesInTheSchedulesZoneAcrossDaylightSaving() {
    CronExpression nine = CronExpression.parse("0 0 9 * * *");
    ZoneId newYork = ZoneId.of("America/New_York");
    // 2026-03-08: New York moves from EST (UTC-5) to EDT (UTC-4); 9:00 local moves from 14:00Z to
    // 13:00Z.
    assertThat(ScheduleService.nextAfter(nine, newYork, Instant.parse("2026-03-07T12:00:00Z")))
        .isEqualTo(Instant.parse("2026-03-07T14:00:00Z"));
    assertThat(ScheduleService.nextAfter(nine, newYork, Instant.parse("2026-03-07T14:00:00Z")))
        .isEqualTo(Instant.parse("2026-03-08T13:00:00Z"));
    // 2026-11-01: back to EST.
    assertThat(ScheduleService.nextAfter(nine, newYork, Instant.parse("2026-10-31T13:00:00Z")))
        .isEqualTo(Instant.parse("2026-11-01T14:00:00Z"));

    // The firer moves a stored schedule's next fire across the change in its zone.
    String orgId = org();
    String ruleId = rule(orgId);
    Schedule s =
        stored(
            orgId,
            ruleId,
            "0 0 9 * * *",
            "America/New_York",
            Instant.parse("2026-03-07T14:00:00Z"));
    assertThat(firer("dst").tickOrg(orgId, Instant.parse("2026-03-07T14:00:01Z"))).isEqualTo(1);
    assertThat(read(s).nextFireAt()).isEqualTo(Instant.parse("2026-03-08T13:00:00Z"));
    assertThat(read(s).lastRunAt()).isEqualTo(Instant.parse("2026-03-07T14:00:01Z"));
  }

  @Test
  void shouldStartExactlyOneRunWhenTwoInstancesTickTogether() throws Exception {
    String orgId = org();
    String ruleId = rule(orgId);
    Schedule s = stored(orgId, ruleId, "0 0 * * * *", "UTC", Instant.parse("2026-11-29T10:00:00Z"));
    ScheduleFirer a = firer("instance-a");
    ScheduleFirer b = firer("instance-b");
    Instant now = Instant.parse("2026-11-29T10:00:02Z");
    CountDownLatch go = new CountDownLatch(1);
    CompletableFuture<Integer> fa =
        CompletableFuture.supplyAsync(() -> await(go, () -> a.tickOrg(orgId, now)));
    CompletableFuture<Integer> fb =
        CompletableFuture.supplyAsync(() -> await(go, () -> b.tickOrg(orgId, now)));
    go.countDown();
    assertThat(fa.get(30, TimeUnit.SECONDS) + fb.get(30, TimeUnit.SECONDS)).isEqualTo(1);
    assertThat(runsOf(orgId, ruleId)).isEqualTo(1);
    Schedule after = read(s);
    assertThat(after.nextFireAt()).isEqualTo(Instant.parse("2026-11-29T11:00:00Z"));
    assertThat(after.lastRunId()).isNotNull();
    assertThat(cleanup.find(orgId, after.lastRunId()).orElseThrow().startedBy())
        .isEqualTo("schedule:" + s.id());

    // Both saw the next fire due (a stale read on one of them): only the first claim is applied.
    Instant next = Instant.parse("2026-11-29T11:00:01Z");
    assertThat(a.fire(after, next)).isEqualTo(ScheduleFirer.Outcome.FIRED);
    assertThat(b.fire(after, next)).isEqualTo(ScheduleFirer.Outcome.LOST);
  }

  @Test
  void shouldNotLetAnEditReadBeforeAFirePutTheFiredTimeBack() {
    String orgId = org();
    String ruleId = rule(orgId);
    Schedule s = stored(orgId, ruleId, "0 0 * * * *", "UTC", Instant.parse("2026-11-29T10:00:00Z"));
    Schedule readBeforeFire = read(s);
    assertThat(firer("fires").tickOrg(orgId, Instant.parse("2026-11-29T10:00:01Z"))).isEqualTo(1);
    Schedule renamed =
        new Schedule(
            orgId,
            s.id(),
            "Renamed",
            s.cron(),
            s.timeZone(),
            ruleId,
            s.mode(),
            true,
            2,
            readBeforeFire.nextFireAt(),
            null,
            null,
            null,
            s.createdAt(),
            Instant.now(),
            "test");
    assertThat(repository.update(renamed, readBeforeFire)).isFalse();
    // Through the API the edit is retried on a fresh read and keeps the moved-on next fire.
    var updated =
        asAdmin(orgId)
            .post(
                UPDATE,
                Map.of(
                    "input",
                    Map.of("id", s.id().toString(), "expectedVersion", 1, "name", "Renamed")));
    assertThat((String) updated.read("$.data.updateSchedule.schedule.nextFireAt"))
        .as(updated.body())
        .isEqualTo("2026-11-29T11:00:00Z");
    assertThat(firer("again").tickOrg(orgId, Instant.parse("2026-11-29T10:00:02Z"))).isZero();
  }

  private static int await(CountDownLatch go, java.util.function.IntSupplier tick) {
    try {
      go.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    return tick.getAsInt();
  }

  @Test
  void shouldNeverFireAPausedSchedule() {
    String orgId = org();
    String ruleId = rule(orgId);
    Schedule s = stored(orgId, ruleId, "0 * * * * *", "UTC", Instant.parse("2026-11-29T10:00:00Z"));
    Schedule seenBeforePause = read(s);
    var paused = asAdmin(orgId).post(PAUSE, Map.of("input", Map.of("id", s.id().toString())));
    assertThat((Boolean) paused.read("$.data.pauseSchedule.schedule.enabled")).isFalse();
    ScheduleFirer firer = firer("paused");
    for (String at :
        List.of("2026-11-29T10:00:00Z", "2026-11-29T10:30:00Z", "2026-12-25T00:00:00Z")) {
      assertThat(firer.tickOrg(orgId, Instant.parse(at))).isZero();
    }
    // An instance that read the schedule before it was paused still cannot fire it.
    assertThat(firer.fire(seenBeforePause, Instant.parse("2026-11-29T10:00:30Z")))
        .isEqualTo(ScheduleFirer.Outcome.LOST);
    assertThat(runsOf(orgId, ruleId)).isZero();
    assertThat(read(s).lastRunAt()).isNull();
  }

  @Test
  void shouldFireOnceForTheLatestMissedTimeWithinTheGrace() {
    String orgId = org();
    String ruleId = rule(orgId);
    // Down since 2026-11-20 03:00; back at 03:10 on the 25th: five missed times, the latest 10 min
    // ago.
    Schedule s = stored(orgId, ruleId, "0 0 3 * * *", "UTC", Instant.parse("2026-11-20T03:00:00Z"));
    ScheduleFirer firer = firer("missed");
    Instant now = Instant.parse("2026-11-25T03:10:00Z");
    assertThat(firer.tickOrg(orgId, now)).isEqualTo(1);
    assertThat(firer.tickOrg(orgId, now)).isZero();
    assertThat(firer.tickOrg(orgId, now.plusSeconds(60))).isZero();
    assertThat(runsOf(orgId, ruleId)).isEqualTo(1);
    Schedule after = read(s);
    assertThat(after.nextFireAt()).isEqualTo(Instant.parse("2026-11-26T03:00:00Z"));
    assertThat(after.lastRunAt()).isEqualTo(now);
    assertThat(after.lastRunId()).isNotNull();
  }

  @Test
  void shouldSkipMissedTimesOlderThanTheGrace() {
    String orgId = org();
    String ruleId = rule(orgId);
    // Back at 08:00: the latest missed time (03:00) is five hours old, beyond the one-hour grace.
    Schedule s = stored(orgId, ruleId, "0 0 3 * * *", "UTC", Instant.parse("2026-11-20T03:00:00Z"));
    ScheduleFirer firer = firer("late");
    Schedule seen = read(s);
    assertThat(firer.fire(seen, Instant.parse("2026-11-25T08:00:00Z")))
        .isEqualTo(ScheduleFirer.Outcome.SKIPPED_MISSED);
    assertThat(runsOf(orgId, ruleId)).isZero();
    Schedule after = read(s);
    assertThat(after.nextFireAt()).isEqualTo(Instant.parse("2026-11-26T03:00:00Z"));
    assertThat(after.lastRunAt()).isNull();
    // The next time fires normally.
    assertThat(firer.tickOrg(orgId, Instant.parse("2026-11-26T03:00:00Z"))).isEqualTo(1);
    assertThat(runsOf(orgId, ruleId)).isEqualTo(1);
  }

  @Test
  void shouldFindTheLatestMissedTimeWithoutWalkingEveryOne() {
    CronExpression everySecond = CronExpression.parse("* * * * * *");
    Instant now = Instant.parse("2026-11-29T10:00:00.500Z");
    assertThat(
            ScheduleFirer.latestMissed(
                everySecond, ZoneId.of("UTC"), Instant.parse("2025-01-01T00:00:00Z"), now))
        .isEqualTo(Instant.parse("2026-11-29T10:00:00Z"));
  }
}

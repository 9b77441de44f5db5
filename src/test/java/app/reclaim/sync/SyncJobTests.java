package app.reclaim.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Each transition of a job changes what it says and keeps everything else. */
class SyncJobTests {

  private static final Instant STARTED = Instant.parse("2026-11-29T10:00:00Z");

  private final SyncJob running =
      new SyncJob(
          "org",
          UUID.randomUUID(),
          SyncJob.Kind.FULL,
          SyncJob.State.RUNNING,
          SyncJob.Phase.USERS,
          42L,
          "c1",
          Map.of("ari:1", "jira-software"),
          1,
          100,
          10,
          3,
          0,
          0,
          null,
          null,
          false,
          1,
          STARTED,
          STARTED,
          null,
          false);

  @Test
  void shouldCountProgressAndKeepTheRest() {
    SyncJob next = running.progress(SyncJob.Phase.USERS, "c2", 50, 0, 1);

    assertThat(next.cursor()).isEqualTo("c2");
    assertThat(next.usersSynced()).isEqualTo(150);
    assertThat(next.groupsSynced()).isEqualTo(10);
    assertThat(next.pagesRead()).isEqualTo(4);
    assertThat(next.updatedAt()).isAfter(STARTED);
    assertKept(next, running);
    assertThat(next.usersBefore()).isFalse();
  }

  @Test
  void shouldFailThenResumeWithoutTheError() {
    SyncJob failed = running.failed("BREAKER_OPEN", "upstream down", true);

    assertThat(failed.state()).isEqualTo(SyncJob.State.FAILED);
    assertThat(failed.phase()).isEqualTo(SyncJob.Phase.USERS);
    assertThat(failed.cursor()).isEqualTo("c1");
    assertThat(failed.errorCode()).isEqualTo("BREAKER_OPEN");
    assertThat(failed.breakerOpen()).isTrue();
    assertThat(failed.finishedAt()).isEqualTo(failed.updatedAt()).isNotNull();

    SyncJob resumed = failed.resumed();

    assertThat(resumed.state()).isEqualTo(SyncJob.State.RUNNING);
    assertThat(resumed.attempts()).isEqualTo(2);
    assertThat(resumed.errorCode()).isNull();
    assertThat(resumed.errorMessage()).isNull();
    assertThat(resumed.breakerOpen()).isFalse();
    assertThat(resumed.finishedAt()).isNull();
    assertThat(resumed.cursor()).isEqualTo("c1");
    assertKept(resumed, running);
  }

  @Test
  void shouldCompleteWithRemovalsAndNoCursor() {
    SyncJob done = running.completed(2, 1);

    assertThat(done.state()).isEqualTo(SyncJob.State.COMPLETED);
    assertThat(done.phase()).isEqualTo(SyncJob.Phase.DONE);
    assertThat(done.cursor()).isNull();
    assertThat(done.usersRemoved()).isEqualTo(2);
    assertThat(done.groupsRemoved()).isEqualTo(1);
    assertThat(done.finishedAt()).isEqualTo(done.updatedAt()).isNotNull();
    assertThat(done.usersSynced()).isEqualTo(100);
    assertKept(done, running);
  }

  @Test
  void shouldRecordTheProfileAndUsersBeforeAlone() {
    SyncJob profiled = running.withProfile(2, Map.of("ari:2", "confluence"));

    assertThat(profiled.phase()).isEqualTo(SyncJob.Phase.GROUPS);
    assertThat(profiled.cursor()).isNull();
    assertThat(profiled.directoryCount()).isEqualTo(2);
    assertThat(profiled.resourceProducts()).containsExactly(Map.entry("ari:2", "confluence"));

    SyncJob before = running.withUsersBefore(true);

    assertThat(before.usersBefore()).isTrue();
    assertThat(before).usingRecursiveComparison().ignoringFields("usersBefore").isEqualTo(running);
  }

  private static void assertKept(SyncJob after, SyncJob before) {
    assertThat(after.orgId()).isEqualTo(before.orgId());
    assertThat(after.id()).isEqualTo(before.id());
    assertThat(after.kind()).isEqualTo(before.kind());
    assertThat(after.generation()).isEqualTo(before.generation());
    assertThat(after.startedAt()).isEqualTo(before.startedAt());
    assertThat(after.resourceProducts()).isEqualTo(before.resourceProducts());
  }
}

package app.reclaim.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * DirectoryUser holds dates as milliseconds and activity as arrays, and answers as a record did.
 */
class DirectoryUserTests {

  static final Instant ADDED = Instant.parse("2025-03-01T10:00:00.123456789Z");
  static final Instant JIRA = Instant.parse("2026-10-01T08:00:00.5Z");
  static final Instant WIKI = Instant.parse("2026-11-02T09:30:00Z");

  @Test
  void answersWhatItWasGivenToTheMillisecond() {
    DirectoryUser u = user(ADDED, Map.of("jira-software", JIRA, "confluence", WIKI));

    assertThat(u.addedToOrg()).isEqualTo(Instant.parse("2025-03-01T10:00:00.123Z"));
    assertThat(u.lastActiveByProduct())
        .containsExactlyInAnyOrderEntriesOf(Map.of("jira-software", JIRA, "confluence", WIKI));
    assertThat(u.lastActiveIn("jira-software")).isEqualTo(JIRA);
    assertThat(u.lastActiveIn("confluence")).isEqualTo(WIKI);
    assertThat(u.lastActiveIn("bitbucket")).isNull();
    assertThat(u.lastActive()).isEqualTo(WIKI);
    assertThat(u.activeProducts()).containsExactly("confluence", "jira-software");
  }

  @Test
  void knowsNoDateAndNoActivity() {
    DirectoryUser u = user(null, null);

    assertThat(u.addedToOrg()).isNull();
    assertThat(u.lastActiveByProduct()).isEmpty();
    assertThat(u.lastActive()).isNull();
    assertThat(u.lastActiveIn("jira-software")).isNull();
    assertThat(u.productAccess()).isEmpty();
    assertThat(u.groupIds()).isEmpty();
  }

  @Test
  void isEqualByValueWhateverOrderItsActivityCameIn() {
    Map<String, Instant> one = new LinkedHashMap<>();
    one.put("jira-software", JIRA);
    one.put("confluence", WIKI);
    Map<String, Instant> other = new LinkedHashMap<>();
    other.put("confluence", WIKI);
    other.put("jira-software", JIRA);

    DirectoryUser a = user(ADDED, one);
    DirectoryUser b = user(ADDED.plusNanos(400_000), other);

    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a).isNotEqualTo(user(ADDED, Map.of("jira-software", JIRA)));
    assertThat(a).isNotEqualTo(user(ADDED.plusMillis(1), one));
    assertThat(a).isNotEqualTo(user(ADDED, Map.of("jira-software", JIRA, "confluence", JIRA)));
    assertThat(a.withEmail("other@acme.example")).isNotEqualTo(a);
    assertThat(a.withEmail(a.email())).isEqualTo(a);
  }

  @Test
  void readsFromCassandraSortedAndEqualToTheSameUserBuiltFromAMap() {
    DirectoryUser built = user(ADDED, Map.of("jira-software", JIRA, "confluence", WIKI));
    DirectoryUser stored =
        DirectoryUser.stored(
            built.accountId(),
            built.name(),
            built.email(),
            built.accountType(),
            built.status(),
            built.managed(),
            built.orgAdmin(),
            built.idpSynced(),
            built.addedToOrg().toEpochMilli(),
            built.productAccess(),
            new String[] {"jira-software", "confluence"},
            new long[] {JIRA.toEpochMilli(), WIKI.toEpochMilli()},
            built.groupIds());

    assertThat(stored).isEqualTo(built);
    assertThat(stored.lastActiveIn("confluence")).isEqualTo(WIKI);
    assertThat(stored.activeProducts()).containsExactly("confluence", "jira-software");
  }

  @Test
  void printsLikeARecordAndRefusesAMissingIdOrNullActivity() {
    assertThat(user(ADDED, Map.of("confluence", WIKI)).toString())
        .startsWith("DirectoryUser[accountId=acc-1, ")
        .contains("lastActiveByProduct={confluence=2026-11-02T09:30:00Z}");
    assertThatThrownBy(
            () ->
                new DirectoryUser(
                    null,
                    "n",
                    null,
                    AccountType.ATLASSIAN,
                    UserStatus.ACTIVE,
                    false,
                    false,
                    false,
                    null,
                    null,
                    null,
                    null))
        .isInstanceOf(NullPointerException.class);
    Map<String, Instant> withNull = new LinkedHashMap<>();
    withNull.put("jira-software", null);
    assertThatThrownBy(() -> user(ADDED, withNull)).isInstanceOf(NullPointerException.class);
  }

  private static DirectoryUser user(Instant added, Map<String, Instant> lastActive) {
    return new DirectoryUser(
        "acc-1",
        "Ada Lovelace",
        "ada@acme.example",
        AccountType.ATLASSIAN,
        UserStatus.ACTIVE,
        true,
        false,
        false,
        added,
        lastActive == null ? null : Set.copyOf(lastActive.keySet()),
        lastActive,
        null);
  }
}

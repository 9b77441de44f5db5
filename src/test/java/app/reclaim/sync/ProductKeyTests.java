package app.reclaim.sync;

import static org.assertj.core.api.Assertions.assertThat;

import app.reclaim.atlassian.ApiRecords;
import app.reclaim.directory.DirectoryGroup;
import app.reclaim.directory.DirectoryUser;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A user's products and a group's grants are keyed by the resource both sides carry (the product
 * instance's ARI), so they agree however the API spells the human key: Atlassian's pages show
 * {@code jira} in one place and {@code jira-software} in another (ADMIN-API.md §1.5).
 */
class ProductKeyTests {

  static final String JIRA_SITE = "ari:cloud:jira-software::site/58d2";
  static final String CONFLUENCE_SITE = "ari:cloud:confluence::site/58d2";
  static final String OTHER_JIRA_SITE = "ari:cloud:jira-software::site/77aa";

  static ApiRecords.User user(List<ApiRecords.ProductAccess> access) {
    return new ApiRecords.User(
        "acct-1",
        "atlassian",
        "active",
        "active",
        "active",
        Instant.parse("2023-01-01T00:00:00Z"),
        "A",
        "a@example.com",
        "managed",
        List.of(),
        null,
        access,
        List.of(new ApiRecords.GroupRef("g-jira", "jira-users")));
  }

  @Test
  void shouldKeyAUsersProductByItsResourceWhateverTheKeySpelling() {
    Instant t = Instant.parse("2024-05-01T08:00:00Z");
    DirectoryUser u =
        UpstreamMapping.user(
            user(
                List.of(
                    new ApiRecords.ProductAccess("jira", JIRA_SITE, t),
                    new ApiRecords.ProductAccess("confluence", CONFLUENCE_SITE, null))),
            null,
            Map.of(JIRA_SITE, "jira-software", CONFLUENCE_SITE, "confluence"));
    DirectoryGroup g =
        UpstreamMapping.group(
            new ApiRecords.Group("g-jira", "jira-users", null, "dir-1", false, "admins", 3),
            List.of(
                new ApiRecords.RoleAssignment(JIRA_SITE, null, null, List.of("atlassian/user"))),
            Map.of(JIRA_SITE, "jira-software"));

    assertThat(u.productAccess()).containsExactlyInAnyOrder("jira-software", "confluence");
    assertThat(u.lastActiveIn("jira-software")).isEqualTo(t);
    assertThat(g.roles()).containsOnlyKeys("jira-software");
    // The license path the evaluator follows: the user's product is the one the group grants.
    assertThat(u.productAccess().stream().filter(g::grants)).containsExactly("jira-software");
  }

  @Test
  void shouldTakeTheLatestActivityAcrossAProductsSites() {
    Instant early = Instant.parse("2024-01-01T00:00:00Z");
    Instant late = Instant.parse("2024-06-01T00:00:00Z");
    DirectoryUser u =
        UpstreamMapping.user(
            user(
                List.of(
                    new ApiRecords.ProductAccess("jira-software", JIRA_SITE, early),
                    new ApiRecords.ProductAccess("jira", OTHER_JIRA_SITE, late))),
            null,
            Map.of());

    assertThat(u.productAccess()).containsExactly("jira-software");
    assertThat(u.lastActiveIn("jira-software")).isEqualTo(late);
  }

  @Test
  void shouldFallBackToTheKeyOnlyForAnEntryWithoutAResource() {
    DirectoryUser u =
        UpstreamMapping.user(
            user(List.of(new ApiRecords.ProductAccess("confluence", null, null))), null, Map.of());

    assertThat(u.productAccess()).isEqualTo(Set.of("confluence"));
  }
}

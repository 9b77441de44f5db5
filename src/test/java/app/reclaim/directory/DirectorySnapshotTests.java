package app.reclaim.directory;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** One product's license path answers what the paths of every product answer for it. */
class DirectorySnapshotTests {

  @Test
  void shouldAnswerOneProductsPathAsTheFullPathsDoForEveryUserAndProduct() {
    var directory =
        SyntheticDirectory.generate(41, 3_000, 60, Instant.parse("2026-11-29T12:00:00Z"));
    // A group the users name but the snapshot lacks, as after a group's removal.
    List<DirectoryGroup> groups = new ArrayList<>(directory.groups());
    groups.remove(7);
    DirectorySnapshot snapshot =
        new DirectorySnapshot(
            "org-1",
            directory.users(),
            groups.stream().collect(Collectors.toMap(DirectoryGroup::id, Function.identity())));
    List<String> products = new ArrayList<>(SyntheticDirectory.PRODUCTS);
    products.add("nobody-has-it");

    int viaGroups = 0;
    int notViaGroup = 0;
    int none = 0;
    for (DirectoryUser u : directory.users()) {
      Map<String, List<DirectoryGroup>> all = snapshot.licensePaths(u);
      for (String product : products) {
        List<DirectoryGroup> one = snapshot.licensePath(u, product);
        assertThat(one).as("%s %s", u.accountId(), product).isEqualTo(all.get(product));
        if (one == null) {
          none++;
        } else if (one.isEmpty()) {
          notViaGroup++;
        } else {
          viaGroups++;
        }
      }
    }
    // Every kind of answer was compared, not only the easy one.
    assertThat(viaGroups).isPositive();
    assertThat(notViaGroup).isPositive();
    assertThat(none).isPositive();
  }

  @Test
  void shouldListTheGrantingGroupsInNameOrderIgnoringCase() {
    DirectoryGroup zeta = group("g-1", "zeta");
    DirectoryGroup alpha = group("g-2", "Alpha");
    DirectoryGroup beta = group("g-3", "beta");
    DirectoryUser u =
        DirectoryIndexIntegrationTests.user(
            "a", "A", Set.of("jira-software"), Set.of("g-1", "g-2", "g-3"));
    DirectorySnapshot snapshot =
        new DirectorySnapshot("org-1", List.of(u), Map.of("g-1", zeta, "g-2", alpha, "g-3", beta));

    assertThat(snapshot.licensePath(u, "jira-software")).containsExactly(alpha, beta, zeta);
  }

  private static DirectoryGroup group(String id, String name) {
    return new DirectoryGroup(
        id, name, null, GroupSource.LOCAL, null, Map.of("jira-software", Set.of("user")));
  }
}

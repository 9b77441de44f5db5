package app.reclaim.directory;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.ProtocolVersion;
import java.nio.ByteBuffer;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A load's interner shares equal set cells, and stops looking up a column that never repeats. */
class UserCellsTests {

  static final int PRODUCTS = 9;
  static final int GROUPS = 11;

  @Test
  void shouldShareRepeatedSetsAndStopLookingUpAColumnWhoseSetsDoNotRepeat() {
    UserCells.Interner interner = new UserCells.Interner();
    Set<String> jira = Set.of("jira-software");
    Set<String> both = Set.of("jira-software", "confluence");
    Set<String> firstJira = interner.set(cell(jira), PRODUCTS);
    Set<String> firstBoth = interner.set(cell(both), PRODUCTS);
    int distinct = UserCells.Interner.MAX_SETS + 2 * UserCells.Interner.JUDGED_AFTER;

    for (int i = 0; i < distinct; i++) {
      // Every group set differs; the product sets repeat.
      Set<String> groups = Set.of("g-" + i, "g-all");
      assertThat(interner.set(cell(groups), GROUPS)).isEqualTo(groups);
      assertThat(interner.set(cell(i % 2 == 0 ? jira : both), PRODUCTS))
          .isSameAs(i % 2 == 0 ? firstJira : firstBoth);
    }

    assertThat(interner.sets()).isEqualTo(UserCells.Interner.MAX_SETS);
    assertThat(interner.worthLookingUp(GROUPS)).isFalse();
    assertThat(interner.worthLookingUp(PRODUCTS)).isTrue();
    // Decoded without a lookup, a group set is still the set its cell holds, elements interned.
    Set<String> late = interner.set(cell(Set.of("g-0", "g-all")), GROUPS);
    assertThat(late).containsExactlyInAnyOrder("g-0", "g-all");
    assertThat(late.stream().filter(g -> g.equals("g-all")).findFirst().orElseThrow())
        .isSameAs(interner.intern(new String("g-all")));
  }

  @Test
  void shouldKeepLookingUpWhileSetsAreStillRemembered() {
    UserCells.Interner interner = new UserCells.Interner();
    for (int i = 0; i < UserCells.Interner.MAX_SETS - 1; i++) {
      interner.set(cell(Set.of("g-" + i)), GROUPS);
    }
    // Below the cap nothing is judged, however often lookups miss.
    assertThat(interner.worthLookingUp(GROUPS)).isTrue();
    Set<String> again = interner.set(cell(Set.of("g-7")), GROUPS);
    assertThat(interner.set(cell(Set.of("g-7")), GROUPS)).isSameAs(again);
  }

  @Test
  void shouldReadEveryConstantOfAnEnumCellByItsBytesAndRefuseOtherNames() {
    var statuses = new UserCells.Constants<>(UserStatus.class);
    for (UserStatus status : UserStatus.values()) {
      // Inside a larger array at an offset, as the driver's cells are.
      ByteBuffer framed = ByteBuffer.wrap(("xx" + status.name() + "yy").getBytes());
      framed.position(2).limit(2 + status.name().length());
      assertThat(statuses.of(framed.slice())).isSameAs(status);
      assertThat(statuses.of(framed)).isSameAs(status);
      assertThat(
              statuses.of(
                  ByteBuffer.allocateDirect(status.name().length())
                      .put(status.name().getBytes())
                      .flip()))
          .isSameAs(status);
    }
    assertThat(statuses.of(null)).isNull();
    for (String other : new String[] {"active", "ACTIV", "ACTIVEX", ""}) {
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> statuses.of(ByteBuffer.wrap(other.getBytes())))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(other);
    }
  }

  private static ByteBuffer cell(Set<String> values) {
    return UserCells.TEXT_SET.encode(values, ProtocolVersion.DEFAULT);
  }
}

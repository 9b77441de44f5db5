package app.reclaim.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** SlotMap answers as a HashMap does under any mix of inserts, lookups and removals. */
class SlotMapTests {

  @Test
  void agreesWithAHashMapUnderRandomInsertsLookupsAndRemovals() {
    for (long seed = 1; seed <= 20; seed++) {
      Random random = new Random(seed);
      SlotMap map = new SlotMap();
      Map<String, Integer> model = new HashMap<>();
      List<String> keys = new ArrayList<>();
      // A small key space makes clusters, wrap-around and removals inside clusters common.
      int space = 50 + random.nextInt(3_000);
      for (int op = 0; op < 20_000; op++) {
        String key = "557058:" + random.nextInt(space);
        switch (random.nextInt(3)) {
          case 0 -> {
            int slot = random.nextInt(1_000_000);
            Integer before = model.putIfAbsent(key, slot);
            assertThat(map.putIfAbsent(key, slot))
                .isEqualTo(before == null ? SlotMap.ABSENT : before);
            keys.add(key);
          }
          case 1 -> {
            Integer removed = model.remove(key);
            assertThat(map.remove(key)).isEqualTo(removed == null ? SlotMap.ABSENT : removed);
          }
          default -> {
            Integer held = model.get(key);
            assertThat(map.get(key)).isEqualTo(held == null ? SlotMap.ABSENT : held);
          }
        }
        assertThat(map.size()).isEqualTo(model.size());
      }
      for (String key : keys) {
        Integer held = model.get(key);
        assertThat(map.get(key)).isEqualTo(held == null ? SlotMap.ABSENT : held);
      }
    }
  }

  @Test
  void growsPastHundredsOfThousandsOfEntriesAndFindsEveryOne() {
    SlotMap map = new SlotMap();
    for (int i = 0; i < 300_000; i++) {
      assertThat(map.putIfAbsent("id-" + i, i)).isEqualTo(SlotMap.ABSENT);
    }
    for (int i = 0; i < 300_000; i += 7) {
      assertThat(map.get("id-" + i)).isEqualTo(i);
    }
    assertThat(map.get("id-300000")).isEqualTo(SlotMap.ABSENT);
    assertThat(map.size()).isEqualTo(300_000);
  }

  @Test
  void keepsKeysApartWhoseHashCodesAreEqual() {
    // "Aa" and "BB" hash alike, so every word of four such pairs shares one hash code: the probe
    // finds equal stored hashes and must still compare the keys, on insert, lookup and removal.
    List<String> colliding = new ArrayList<>();
    for (int bits = 0; bits < 16; bits++) {
      StringBuilder key = new StringBuilder();
      for (int b = 0; b < 4; b++) {
        key.append((bits >> b & 1) == 0 ? "Aa" : "BB");
      }
      colliding.add(key.toString());
    }
    assertThat(colliding.stream().mapToInt(String::hashCode).distinct().count()).isEqualTo(1);
    SlotMap map = new SlotMap();
    for (int i = 0; i < colliding.size(); i++) {
      assertThat(map.putIfAbsent(colliding.get(i), i)).isEqualTo(SlotMap.ABSENT);
    }
    assertThat(map.putIfAbsent(colliding.get(3), 99)).isEqualTo(3);
    assertThat(map.remove(colliding.get(5))).isEqualTo(5);
    for (int i = 0; i < colliding.size(); i++) {
      assertThat(map.get(colliding.get(i))).isEqualTo(i == 5 ? SlotMap.ABSENT : i);
    }
    assertThat(map.size()).isEqualTo(15);
  }

  @Test
  void refusesANullKeyOrANegativeSlot() {
    SlotMap map = new SlotMap();
    assertThatThrownBy(() -> map.putIfAbsent(null, 1)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> map.putIfAbsent("a", -1)).isInstanceOf(IllegalArgumentException.class);
    assertThat(map.size()).isZero();
  }
}

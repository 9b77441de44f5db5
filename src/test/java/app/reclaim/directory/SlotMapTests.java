package app.reclaim.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * SlotMap answers as a HashMap does under any mix of inserts, lookups and removals. Its owner holds
 * each slot's key: here {@link Keys}, a slot per insert.
 */
class SlotMapTests {

  /** The owner's side: the key of each slot, set before an insert, cleared after a removal. */
  static final class Keys {
    final List<String> bySlot = new ArrayList<>();
    final SlotMap map = new SlotMap(bySlot::get);

    /** Inserts {@code key} at a new slot; returns what putIfAbsent returned. */
    int put(String key) {
      int slot = bySlot.size();
      bySlot.add(key);
      int existing = map.putIfAbsent(key, slot);
      if (existing != SlotMap.ABSENT) {
        bySlot.set(slot, null);
      }
      return existing;
    }

    int remove(String key) {
      int slot = map.remove(key);
      if (slot != SlotMap.ABSENT) {
        bySlot.set(slot, null);
      }
      return slot;
    }
  }

  @Test
  void agreesWithAHashMapUnderRandomInsertsLookupsAndRemovals() {
    for (long seed = 1; seed <= 20; seed++) {
      Random random = new Random(seed);
      Keys owner = new Keys();
      SlotMap map = owner.map;
      Map<String, Integer> model = new HashMap<>();
      List<String> keys = new ArrayList<>();
      // A small key space makes clusters, wrap-around and removals inside clusters common.
      int space = 50 + random.nextInt(3_000);
      for (int op = 0; op < 20_000; op++) {
        String key = "557058:" + random.nextInt(space);
        switch (random.nextInt(3)) {
          case 0 -> {
            Integer before = model.putIfAbsent(key, owner.bySlot.size());
            assertThat(owner.put(key)).isEqualTo(before == null ? SlotMap.ABSENT : before);
            keys.add(key);
          }
          case 1 -> {
            Integer removed = model.remove(key);
            assertThat(owner.remove(key)).isEqualTo(removed == null ? SlotMap.ABSENT : removed);
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
    Keys owner = new Keys();
    SlotMap map = owner.map;
    for (int i = 0; i < 300_000; i++) {
      assertThat(owner.put("id-" + i)).isEqualTo(SlotMap.ABSENT);
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
    Keys owner = new Keys();
    SlotMap map = owner.map;
    for (int i = 0; i < colliding.size(); i++) {
      assertThat(owner.put(colliding.get(i))).isEqualTo(SlotMap.ABSENT);
    }
    assertThat(owner.put(colliding.get(3))).isEqualTo(3);
    assertThat(owner.remove(colliding.get(5))).isEqualTo(5);
    for (int i = 0; i < colliding.size(); i++) {
      assertThat(map.get(colliding.get(i))).isEqualTo(i == 5 ? SlotMap.ABSENT : i);
    }
    assertThat(map.size()).isEqualTo(15);
  }

  @Test
  void refusesANullKeyOrANegativeSlot() {
    SlotMap map = new Keys().map;
    assertThatThrownBy(() -> map.putIfAbsent(null, 1)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> map.putIfAbsent("a", -1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> map.putIfAbsent("a", Integer.MAX_VALUE))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(map.size()).isZero();
  }
}

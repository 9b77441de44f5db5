package app.reclaim.directory;

import java.util.Objects;

/**
 * Account id → slot, for {@link UserColumns}: open addressing (linear probing) over two arrays, so
 * an entry is one reference and one int, not a {@code HashMap} node plus a boxed {@code Integer}.
 * At 1,000,000 users that is two million fewer objects for the garbage collector to copy while an
 * index is built, and the map's inserts were two thirds of the build's serial part (bench/run.sh,
 * JFR). Not thread-safe: the index's lock guards it. Removal shifts the following entries back (no
 * tombstones), so lookups never slow down after many removals.
 */
final class SlotMap {

  static final int ABSENT = -1;

  private String[] keys;
  private int[] values;
  private int size;
  private int mask;

  SlotMap() {
    allocate(64);
  }

  int size() {
    return size;
  }

  /** The slot of {@code key}, or {@link #ABSENT}. */
  int get(String key) {
    int i = find(key);
    return i < 0 ? ABSENT : values[i];
  }

  /** The index holding {@code key}, or -1. */
  private int find(String key) {
    for (int i = index(key); ; i = (i + 1) & mask) {
      String k = keys[i];
      if (k == null) {
        return -1;
      }
      if (k.equals(key)) {
        return i;
      }
    }
  }

  /** Maps {@code key} to {@code slot} unless it is mapped: returns the existing slot or ABSENT. */
  int putIfAbsent(String key, int slot) {
    Objects.requireNonNull(key, "key");
    if (slot < 0) {
      throw new IllegalArgumentException("a slot is not negative: " + slot);
    }
    int i = index(key);
    for (String k = keys[i]; k != null; i = (i + 1) & mask, k = keys[i]) {
      if (k.equals(key)) {
        return values[i];
      }
    }
    keys[i] = key;
    values[i] = slot;
    if (++size > (keys.length >> 1) + (keys.length >> 2)) {
      rehash(keys.length << 1);
    }
    return ABSENT;
  }

  /** Unmaps {@code key}: returns its slot, or ABSENT when it was not mapped. */
  int remove(String key) {
    int i = find(key);
    if (i < 0) {
      return ABSENT;
    }
    int slot = values[i];
    shiftBack(i);
    size--;
    return slot;
  }

  /** Closes the gap at {@code gap}: moves back each following entry whose probe passes it. */
  private void shiftBack(int gap) {
    for (int i = (gap + 1) & mask; keys[i] != null; i = (i + 1) & mask) {
      int home = index(keys[i]);
      // The entry at i may fill the gap if its home is not strictly between the gap and i.
      boolean movable = gap <= i ? (home <= gap || home > i) : (home <= gap && home > i);
      if (movable) {
        keys[gap] = keys[i];
        values[gap] = values[i];
        gap = i;
      }
    }
    keys[gap] = null;
  }

  private int index(String key) {
    int h = key.hashCode() * 0x9E3779B9;
    return (h ^ (h >>> 16)) & mask;
  }

  private void allocate(int capacity) {
    keys = new String[capacity];
    values = new int[capacity];
    mask = capacity - 1;
  }

  private void rehash(int capacity) {
    String[] oldKeys = keys;
    int[] oldValues = values;
    allocate(capacity);
    for (int j = 0; j < oldKeys.length; j++) {
      if (oldKeys[j] != null) {
        int i = index(oldKeys[j]);
        while (keys[i] != null) {
          i = (i + 1) & mask;
        }
        keys[i] = oldKeys[j];
        values[i] = oldValues[j];
      }
    }
  }
}

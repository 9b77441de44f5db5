package app.reclaim.directory;

import java.util.Objects;

/**
 * Account id → slot, for {@link UserColumns}: open addressing (linear probing) over two arrays, so
 * an entry is one reference and one int, not a {@code HashMap} node plus a boxed {@code Integer}.
 * At 1,000,000 users that is two million fewer objects for the garbage collector to copy while an
 * index is built, and the map's inserts were two thirds of the build's serial part (bench/run.sh,
 * JFR). Not thread-safe: the index's lock guards it. Removal shifts the following entries back (no
 * tombstones), so lookups never slow down after many removals.
 *
 * <p>Each entry keeps its key's mixed hash in a third array, and a probe compares that int before
 * it looks at the key: at a million entries every key is a cache miss somewhere on the heap, and a
 * probe sequence that dereferenced each key it passed was a fifth of an index build's samples (JFR,
 * bench/run.sh preview). The table is at most half full, so a miss probes about 2.5 entries.
 */
final class SlotMap {

  static final int ABSENT = -1;

  private String[] keys;
  private int[] hashes;
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
    int h = hash(key);
    for (int i = h & mask; ; i = (i + 1) & mask) {
      String k = keys[i];
      if (k == null) {
        return -1;
      }
      if (hashes[i] == h && k.equals(key)) {
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
    int h = hash(key);
    int i = h & mask;
    for (String k = keys[i]; k != null; i = (i + 1) & mask, k = keys[i]) {
      if (hashes[i] == h && k.equals(key)) {
        return values[i];
      }
    }
    keys[i] = key;
    hashes[i] = h;
    values[i] = slot;
    if (++size > keys.length >> 1) {
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
      int home = hashes[i] & mask;
      // The entry at i may fill the gap if its home is not strictly between the gap and i.
      boolean movable = gap <= i ? (home <= gap || home > i) : (home <= gap && home > i);
      if (movable) {
        keys[gap] = keys[i];
        hashes[gap] = hashes[i];
        values[gap] = values[i];
        gap = i;
      }
    }
    keys[gap] = null;
  }

  private static int hash(String key) {
    int h = key.hashCode() * 0x9E3779B9;
    return h ^ (h >>> 16);
  }

  private void allocate(int capacity) {
    keys = new String[capacity];
    hashes = new int[capacity];
    values = new int[capacity];
    mask = capacity - 1;
  }

  private void rehash(int capacity) {
    String[] oldKeys = keys;
    int[] oldHashes = hashes;
    int[] oldValues = values;
    allocate(capacity);
    for (int j = 0; j < oldKeys.length; j++) {
      if (oldKeys[j] != null) {
        int i = oldHashes[j] & mask;
        while (keys[i] != null) {
          i = (i + 1) & mask;
        }
        keys[i] = oldKeys[j];
        hashes[i] = oldHashes[j];
        values[i] = oldValues[j];
      }
    }
  }
}

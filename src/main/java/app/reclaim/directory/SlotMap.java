package app.reclaim.directory;

import java.util.Objects;
import java.util.function.IntFunction;

/**
 * Account id → slot, for {@link UserColumns}: open addressing (linear probing) over two int arrays,
 * so an entry is two ints, not a {@code HashMap} node plus a boxed {@code Integer}. Not
 * thread-safe: the index's lock guards it. Removal shifts the following entries back (no
 * tombstones), so lookups never slow down after many removals.
 *
 * <p>The keys are not held here: the owner holds each slot's key ({@code keyOf}), and a probe
 * compares a stored slot's key only when that entry's mixed hash equals the probe's. Holding the
 * keys in a reference array cost an index build twice over: at a million entries every key is a
 * cache miss somewhere on the heap, and every insert stored a new (young) string at a random place
 * of a large (old) array, so the collector re-scanned most of that array's cards again and again,
 * concurrently and in its pauses (async-profiler, bench/run.sh preview: its refinement threads were
 * an eighth of the build's samples). Stores into int arrays cost the collector nothing. The table
 * is at most half full, so a miss probes about 2.5 entries.
 */
final class SlotMap {

  static final int ABSENT = -1;

  private final IntFunction<String> keyOf;

  /** Per entry: its slot plus one (0: empty). */
  private int[] entries;

  private int[] hashes;
  private int size;
  private int mask;

  /**
   * {@code keyOf} answers the key of each slot mapped here: while {@code putIfAbsent(key, slot)}
   * runs (whose slot may not answer yet) and until {@code remove(key)} returned.
   */
  SlotMap(IntFunction<String> keyOf) {
    this.keyOf = keyOf;
    allocate(64);
  }

  int size() {
    return size;
  }

  /** The slot of {@code key}, or {@link #ABSENT}. */
  int get(String key) {
    int i = find(key);
    return i < 0 ? ABSENT : entries[i] - 1;
  }

  /** The index holding {@code key}, or -1. */
  private int find(String key) {
    int h = hash(key);
    for (int i = h & mask; ; i = (i + 1) & mask) {
      int entry = entries[i];
      if (entry == 0) {
        return -1;
      }
      if (hashes[i] == h && keyOf.apply(entry - 1).equals(key)) {
        return i;
      }
    }
  }

  /** Maps {@code key} to {@code slot} unless it is mapped: returns the existing slot or ABSENT. */
  int putIfAbsent(String key, int slot) {
    Objects.requireNonNull(key, "key");
    if (slot < 0 || slot == Integer.MAX_VALUE) {
      throw new IllegalArgumentException("a slot is in [0, 2^31 - 1): " + slot);
    }
    int h = hash(key);
    int i = h & mask;
    for (int entry = entries[i]; entry != 0; i = (i + 1) & mask, entry = entries[i]) {
      if (hashes[i] == h && keyOf.apply(entry - 1).equals(key)) {
        return entry - 1;
      }
    }
    entries[i] = slot + 1;
    hashes[i] = h;
    if (++size > entries.length >> 1) {
      rehash(entries.length << 1);
    }
    return ABSENT;
  }

  /** Unmaps {@code key}: returns its slot, or ABSENT when it was not mapped. */
  int remove(String key) {
    int i = find(key);
    if (i < 0) {
      return ABSENT;
    }
    int slot = entries[i] - 1;
    shiftBack(i);
    size--;
    return slot;
  }

  /** Closes the gap at {@code gap}: moves back each following entry whose probe passes it. */
  private void shiftBack(int gap) {
    for (int i = (gap + 1) & mask; entries[i] != 0; i = (i + 1) & mask) {
      int home = hashes[i] & mask;
      // The entry at i may fill the gap if its home is not strictly between the gap and i.
      boolean movable = gap <= i ? (home <= gap || home > i) : (home <= gap && home > i);
      if (movable) {
        entries[gap] = entries[i];
        hashes[gap] = hashes[i];
        gap = i;
      }
    }
    entries[gap] = 0;
  }

  private static int hash(String key) {
    int h = key.hashCode() * 0x9E3779B9;
    return h ^ (h >>> 16);
  }

  private void allocate(int capacity) {
    entries = new int[capacity];
    hashes = new int[capacity];
    mask = capacity - 1;
  }

  private void rehash(int capacity) {
    int[] oldEntries = entries;
    int[] oldHashes = hashes;
    allocate(capacity);
    for (int j = 0; j < oldEntries.length; j++) {
      if (oldEntries[j] != 0) {
        int i = oldHashes[j] & mask;
        while (entries[i] != 0) {
          i = (i + 1) & mask;
        }
        entries[i] = oldEntries[j];
        hashes[i] = oldHashes[j];
      }
    }
  }
}

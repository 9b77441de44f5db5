package app.reclaim.directory;

import com.datastax.oss.driver.api.core.ProtocolVersion;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.type.DataType;
import com.datastax.oss.driver.api.core.type.DataTypes;
import com.datastax.oss.driver.api.core.type.codec.TypeCodec;
import com.datastax.oss.driver.api.core.type.codec.TypeCodecs;
import com.datastax.oss.driver.api.core.type.reflect.GenericType;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The cells of a user row, encoded and decoded with codecs named up front. The driver's own path
 * costs, per cell, a codec-registry lookup (which, for a collection value, inspects the value's
 * element types reflectively) and, per text, a {@code CharsetDecoder} into a {@code CharBuffer}; on
 * a 1,000,000-user index build or a 100,000-user sync those were a third of the client's CPU
 * (bench/run.sh, JFR). Here text goes through {@link String}'s own UTF-8 coding, and the set and
 * map cells of a load are decoded straight into immutable collections whose keys (product keys,
 * group ids: a few hundred distinct values shared by every user) are one instance per load.
 */
final class UserCells {

  private UserCells() {}

  /** CQL {@code text} as UTF-8 through {@link String}: same bytes, no per-call charset coder. */
  static final TypeCodec<String> TEXT = new Utf8Text();

  static final TypeCodec<Set<String>> TEXT_SET = TypeCodecs.setOf(TEXT);
  static final TypeCodec<Map<String, Instant>> TEXT_TO_INSTANT =
      TypeCodecs.mapOf(TEXT, TypeCodecs.TIMESTAMP);

  /**
   * One load's shared strings: equal product keys and group ids decoded from different rows become
   * one instance, so a million users hold a few hundred such strings, not several million.
   */
  static final class Interner {
    /**
     * At most this many distinct set cells are remembered per load: product-access sets repeat (a
     * few dozen combinations across any number of users) and so do most group sets, but an org
     * where nearly every user's groups differ would otherwise grow a second copy of them here.
     */
    static final int MAX_SETS = 4_096;

    private final ConcurrentHashMap<String, String> strings = new ConcurrentHashMap<>();

    /**
     * Set cells by their serialized bytes ({@link ByteBuffer} hashes and compares its remaining
     * bytes): a row's cell is looked up as the driver holds it, with no copy; a key is copied only
     * when it is remembered.
     */
    private final ConcurrentHashMap<ByteBuffer, Set<String>> sets = new ConcurrentHashMap<>();

    /**
     * Per column, lookups of set cells and how many found an earlier row's set. Counted without
     * synchronisation: a lost count only delays the decision below.
     */
    private final int[] lookups = new int[COLUMNS];

    private final int[] hits = new int[COLUMNS];

    private final boolean[] notWorthIt = new boolean[COLUMNS];

    /** Columns of a row (of any table) whose set cells are counted apart. */
    static final int COLUMNS = 64;

    /**
     * Set-cell lookups of one column, once no more sets are remembered, after which it is judged:
     * if fewer than a quarter of them found a set, the column's cells are decoded with no lookup
     * for the rest of the load. Group sets differ from user to user in some orgs (every one of a
     * million users' in the benchmark's directory), and their lookups, all but wasted, hashed every
     * cell: a sixth of the decoding threads' samples (async-profiler, bench/run.sh preview).
     */
    static final int JUDGED_AFTER = 8_192;

    /** A non-empty set cell of {@code column} (see {@link #textSet}). */
    Set<String> set(ByteBuffer raw, int column) {
      if (!worthLookingUp(column)) {
        return decodeSet(raw, this);
      }
      Set<String> known = sets.get(raw);
      lookedUp(column, known != null);
      if (known != null) {
        return known;
      }
      Set<String> decoded = decodeSet(raw, this);
      if (sets.size() < MAX_SETS) {
        byte[] key = new byte[raw.remaining()];
        raw.get(raw.position(), key);
        known = sets.putIfAbsent(ByteBuffer.wrap(key), decoded);
      }
      return known == null ? decoded : known;
    }

    boolean worthLookingUp(int column) {
      return column >= COLUMNS || !notWorthIt[column];
    }

    void lookedUp(int column, boolean hit) {
      if (column >= COLUMNS || sets.size() < MAX_SETS) {
        return;
      }
      int n = ++lookups[column];
      if (hit) {
        hits[column]++;
      }
      if (n >= JUDGED_AFTER && hits[column] < n / 4) {
        notWorthIt[column] = true;
      }
    }

    /** Map keys met so far as UTF-8 bytes and their interned strings, in the order met. */
    private volatile Known[] keys = new Known[0];

    /** Map keys recognised by their bytes at most: product keys, a few dozen in any org. */
    static final int MAX_KEYS = 64;

    private record Known(byte[] bytes, String text) {}

    String intern(String s) {
      String known = strings.putIfAbsent(s, s);
      return known == null ? s : known;
    }

    /**
     * The interned text of the {@code length} bytes at {@code at}: a map key (a product key) is
     * recognised by its bytes among the few met before, so no string is decoded for it again.
     */
    String key(ByteBuffer raw, int at, int length) {
      if (!raw.hasArray()) {
        return intern(utf8(raw, at, length));
      }
      byte[] array = raw.array();
      int from = raw.arrayOffset() + at;
      Known[] met = keys;
      for (Known k : met) {
        if (java.util.Arrays.equals(k.bytes, 0, k.bytes.length, array, from, from + length)) {
          return k.text;
        }
      }
      String text = intern(utf8(raw, at, length));
      if (met.length < MAX_KEYS) {
        synchronized (this) {
          Known[] now = keys;
          if (now.length < MAX_KEYS
              && java.util.Arrays.stream(now).noneMatch(k -> k.text == text)) {
            Known[] grown = java.util.Arrays.copyOf(now, now.length + 1);
            grown[now.length] =
                new Known(java.util.Arrays.copyOfRange(array, from, from + length), text);
            keys = grown;
          }
        }
      }
      return text;
    }

    int sets() {
      return sets.size();
    }
  }

  /**
   * A {@code set<text>} cell (null or empty: the empty set), elements interned; a cell whose bytes
   * an earlier row of the load had is that row's set (one instance, nothing decoded twice: every
   * set held by the index is two objects a user fewer for the collector to copy while it is built).
   */
  static Set<String> textSet(Row row, int column, Interner interner) {
    ByteBuffer raw = row.getBytesUnsafe(column);
    if (raw == null || raw.remaining() == 0) {
      return Set.of();
    }
    return interner.set(raw, column);
  }

  private static Set<String> decodeSet(ByteBuffer raw, Interner interner) {
    Cell cell = new Cell(raw);
    String[] values = new String[cell.count()];
    for (int i = 0; i < values.length; i++) {
      values[i] = cell.text(interner);
    }
    return Set.of(values);
  }

  /** A {@code map<text, timestamp>} cell as parallel arrays: keys (interned), epoch millis. */
  record Times(String[] keys, long[] millis) {}

  private static final Times NO_TIMES = new Times(new String[0], new long[0]);

  /** A {@code map<text, timestamp>} cell (null or empty: no entries), keys interned. */
  static Times textToMillis(Row row, int column, Interner interner) {
    ByteBuffer raw = row.getBytesUnsafe(column);
    if (raw == null || raw.remaining() == 0) {
      return NO_TIMES;
    }
    Cell cell = new Cell(raw);
    int n = cell.count();
    String[] keys = new String[n];
    long[] millis = new long[n];
    for (int i = 0; i < n; i++) {
      int start = cell.skip();
      keys[i] = interner.key(raw, start, cell.length());
      int value = cell.skip();
      millis[i] = timestamp(raw, cell.length(), value);
    }
    return new Times(keys, millis);
  }

  /** A {@code timestamp} cell in epoch milliseconds, {@link DirectoryUser#NO_DATE} when null. */
  static long millis(Row row, int column) {
    ByteBuffer raw = row.getBytesUnsafe(column);
    if (raw == null || raw.remaining() == 0) {
      return DirectoryUser.NO_DATE;
    }
    return timestamp(raw, raw.remaining(), raw.position());
  }

  private static long timestamp(ByteBuffer raw, int length, int at) {
    if (length != 8) {
      throw new IllegalArgumentException("a timestamp cell has 8 bytes, this one " + length);
    }
    return raw.getLong(at);
  }

  /**
   * Reads a collection cell as the native protocol lays it out: an element count, then each element
   * (or map key and value) as a 4-byte length and that many bytes.
   */
  private static final class Cell {
    private final ByteBuffer raw;
    private int at;
    private int length;

    Cell(ByteBuffer raw) {
      this.raw = raw;
      this.at = raw.position();
    }

    int count() {
      int n = raw.getInt(at);
      at += 4;
      return n;
    }

    /** The next element's text, interned. */
    String text(Interner interner) {
      int start = skip();
      return interner.intern(utf8(raw, start, length));
    }

    /** Moves past the next element and returns where its bytes start; {@link #length} is theirs. */
    int skip() {
      length = raw.getInt(at);
      int start = at + 4;
      at = start + length;
      return start;
    }

    int length() {
      return length;
    }
  }

  /**
   * An enum cell (its constant's name as text) recognised by its bytes: no string per row. A cell
   * that names no constant fails as {@link Enum#valueOf} does; a null cell is null.
   */
  static <E extends Enum<E>> E constant(Row row, int column, Constants<E> constants) {
    return constants.of(row.getBytesUnsafe(column));
  }

  /** An enum's constants with their names' UTF-8 bytes, for {@link #constant}. */
  static final class Constants<E extends Enum<E>> {
    private final Class<E> type;
    private final E[] values;
    private final byte[][] names;

    Constants(Class<E> type) {
      this.type = type;
      this.values = type.getEnumConstants();
      this.names = new byte[values.length][];
      for (int i = 0; i < values.length; i++) {
        names[i] = values[i].name().getBytes(StandardCharsets.UTF_8);
      }
    }

    /** The constant a cell names (null: null); a name of no constant fails as valueOf does. */
    E of(ByteBuffer raw) {
      if (raw == null) {
        return null;
      }
      int length = raw.remaining();
      if (raw.hasArray()) {
        byte[] array = raw.array();
        int from = raw.arrayOffset() + raw.position();
        for (int i = 0; i < names.length; i++) {
          if (java.util.Arrays.equals(names[i], 0, names[i].length, array, from, from + length)) {
            return values[i];
          }
        }
      }
      return Enum.valueOf(type, utf8(raw, raw.position(), length));
    }
  }

  static String text(Row row, int column) {
    return row.get(column, TEXT);
  }

  static boolean bool(Row row, int column) {
    Boolean value = row.get(column, TypeCodecs.BOOLEAN);
    return value != null && value;
  }

  private static String utf8(ByteBuffer raw, int at, int length) {
    if (raw.hasArray()) {
      return new String(raw.array(), raw.arrayOffset() + at, length, StandardCharsets.UTF_8);
    }
    byte[] bytes = new byte[length];
    raw.get(at, bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /**
   * UTF-8 text. Decoding trusts Cassandra, which validates {@code text} on write; encoding refuses
   * a string with a lone surrogate (not encodable as UTF-8) as the driver's codec does, instead of
   * writing '?' in its place as {@link String#getBytes} would.
   */
  private static final class Utf8Text implements TypeCodec<String> {

    @Override
    public GenericType<String> getJavaType() {
      return GenericType.STRING;
    }

    @Override
    public DataType getCqlType() {
      return DataTypes.TEXT;
    }

    @Override
    public ByteBuffer encode(String value, ProtocolVersion protocolVersion) {
      if (value == null) {
        return null;
      }
      for (int i = 0; i < value.length(); i++) {
        if (Character.isSurrogate(value.charAt(i))) {
          return TypeCodecs.TEXT.encode(value, protocolVersion);
        }
      }
      return ByteBuffer.wrap(value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String decode(ByteBuffer bytes, ProtocolVersion protocolVersion) {
      if (bytes == null) {
        return null;
      }
      return utf8(bytes, bytes.position(), bytes.remaining());
    }

    @Override
    public String format(String value) {
      return TypeCodecs.TEXT.format(value);
    }

    @Override
    public String parse(String value) {
      return TypeCodecs.TEXT.parse(value);
    }
  }
}

package app.reclaim.directory;

import app.reclaim.support.Cursors;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/**
 * The compact cursor of a user position, URL-safe base64 without padding of:
 *
 * <ol>
 *   <li>{@link #FORMAT} (a text cursor of {@link Cursors} starts with the digit 1, so the two tell
 *       themselves apart by their first character: {@code s} here, {@code M} there);
 *   <li>the ordering: the field's ordinal, 0x80 if descending, 0x40 if a product follows, then the
 *       product key's {@link String#hashCode} (4 bytes: a cursor of another product's ordering is
 *       told apart unless the two keys' hashes collide, and then it only continues from a position
 *       of the same org's directory);
 *   <li>the sort value: 0 (none), 1 and an epoch millisecond (8 bytes) for an instant kept to the
 *       millisecond, or 2 and text;
 *   <li>the account id: 1, a number and a UUID ({@code 557058:0d1f…}, 20 bytes); 2, 24 hex digits
 *       (12 bytes); or 0 and text. A packed id is used only when unpacking it gives the same
 *       string.
 * </ol>
 *
 * Text is its UTF-8 length (2 bytes) and bytes. Anything that does not decode to exactly that is
 * BAD_USER_INPUT.
 */
final class CompactCursor {

  static final byte FORMAT = (byte) 0xB2;

  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final int DESCENDING = 0x80;
  private static final int PRODUCT = 0x40;
  private static final int MAX_TEXT = 0xFFFF;

  private CompactCursor() {}

  static boolean isCompact(String cursor) {
    return !cursor.isEmpty() && cursor.charAt(0) == 's';
  }

  static String encode(UserOrder order, Object value, String accountId) {
    boolean millis = value instanceof Instant at && at.getNano() % 1_000_000 == 0;
    byte[] text =
        value == null || millis ? null : value.toString().getBytes(StandardCharsets.UTF_8);
    byte[] id = accountId.getBytes(StandardCharsets.UTF_8);
    ByteBuffer out =
        ByteBuffer.allocate(6 + 9 + (text == null ? 0 : 2 + text.length) + 21 + 2 + id.length);
    out.put(FORMAT);
    out.put(
        (byte)
            (order.field().ordinal()
                | (order.descending() ? DESCENDING : 0)
                | (order.product() != null ? PRODUCT : 0)));
    if (order.product() != null) {
      out.putInt(order.product().hashCode());
    }
    if (value == null) {
      out.put((byte) 0);
    } else if (millis) {
      out.put((byte) 1).putLong(((Instant) value).toEpochMilli());
    } else {
      putText(out.put((byte) 2), text);
    }
    putAccountId(out, accountId, id);
    return new String(
        ENCODER.encode(java.util.Arrays.copyOf(out.array(), out.position())),
        StandardCharsets.ISO_8859_1);
  }

  static UserPosition decode(String cursor, UserOrder order) {
    ByteBuffer in;
    try {
      in = ByteBuffer.wrap(Base64.getUrlDecoder().decode(cursor));
    } catch (IllegalArgumentException e) {
      throw Cursors.invalid("malformed cursor");
    }
    try {
      if (in.get() != FORMAT) {
        throw Cursors.invalid("malformed cursor");
      }
      int ordering = in.get() & 0xFF;
      Integer product = (ordering & PRODUCT) != 0 ? in.getInt() : null;
      if ((ordering & 0x3F) != order.field().ordinal()
          || ((ordering & DESCENDING) != 0) != order.descending()
          || !java.util.Objects.equals(
              product, order.product() == null ? null : order.product().hashCode())) {
        throw Cursors.invalid("this cursor belongs to another ordering");
      }
      String value =
          switch (in.get()) {
            case 0 -> null;
            case 1 -> Instant.ofEpochMilli(in.getLong()).toString();
            case 2 -> getText(in);
            default -> throw Cursors.invalid("malformed cursor");
          };
      String accountId = getAccountId(in);
      if (in.hasRemaining() || accountId.isEmpty()) {
        throw Cursors.invalid("malformed cursor");
      }
      return new UserPosition(order.key(), value, accountId);
    } catch (java.nio.BufferUnderflowException | IllegalArgumentException e) {
      throw Cursors.invalid("malformed cursor");
    }
  }

  private static void putAccountId(ByteBuffer out, String accountId, byte[] utf8) {
    int colon = accountId.indexOf(':');
    if (colon > 0 && colon <= 9 && accountId.length() == colon + 37 && isNumber(accountId, colon)) {
      int uuid = colon + 1;
      long high = hexDashed(accountId, uuid, uuid + 18);
      long low = hexDashed(accountId, uuid + 19, uuid + 36);
      if (high != -1 && low != -1 && accountId.charAt(uuid + 18) == '-') {
        out.put((byte) 1)
            .putInt(Integer.parseInt(accountId, 0, colon, 10))
            .putLong(high)
            .putLong(low);
        return;
      }
    }
    if (accountId.length() == 24 && isLowerHex(accountId)) {
      out.put((byte) 2)
          .putLong(Long.parseUnsignedLong(accountId, 0, 16, 16))
          .putInt((int) Long.parseLong(accountId, 16, 24, 16));
      return;
    }
    putText(out.put((byte) 0), utf8);
  }

  /** Digits only, no leading zero (but "0"): as {@code Integer.toString} writes them back. */
  private static boolean isNumber(String text, int end) {
    if (text.charAt(0) == '0' && end > 1) {
      return false;
    }
    for (int i = 0; i < end; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  /**
   * Half of a canonical UUID ({@code xxxxxxxx-xxxx-xxxx} or {@code xxxx-xxxxxxxxxxxx}, lower-case
   * hex, dashes where {@link UUID#toString} puts them) as 64 bits, or -1 when it is not one. A half
   * that really is -1 (all f) is also refused and goes as text: a few bytes more, still exact.
   */
  private static long hexDashed(String text, int from, int to) {
    long value = 0;
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      int position = i - from;
      boolean dash = to - from == 18 ? position == 8 || position == 13 : position == 4;
      if (dash) {
        if (c != '-') {
          return -1;
        }
        continue;
      }
      int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
      if (digit < 0) {
        return -1;
      }
      value = value << 4 | digit;
    }
    return value;
  }

  private static String getAccountId(ByteBuffer in) {
    return switch (in.get()) {
      case 0 -> getText(in);
      case 1 -> {
        int number = in.getInt();
        if (number < 0) {
          throw Cursors.invalid("malformed cursor");
        }
        yield number + ":" + new UUID(in.getLong(), in.getLong());
      }
      case 2 -> hex(in.getLong(), 16) + hex(in.getInt() & 0xFFFFFFFFL, 8);
      default -> throw Cursors.invalid("malformed cursor");
    };
  }

  private static String hex(long value, int digits) {
    String text = Long.toHexString(value);
    return "0".repeat(digits - text.length()) + text;
  }

  private static boolean isLowerHex(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }

  private static void putText(ByteBuffer out, byte[] utf8) {
    if (utf8.length > MAX_TEXT) {
      throw new IllegalArgumentException("cursor text too long");
    }
    out.putShort((short) utf8.length).put(utf8);
  }

  private static String getText(ByteBuffer in) {
    byte[] bytes = new byte[in.getShort() & 0xFFFF];
    in.get(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }
}

package app.reclaim.support;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Opaque connection cursors: URL-safe base64 of a kind tag and the position's parts. Parts are
 * length-prefixed, so any text (and null) survives; anything that does not decode is
 * BAD_USER_INPUT.
 */
public final class Cursors {

  private static final String VERSION = "1";

  private Cursors() {}

  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

  public static String encode(String kind, String... parts) {
    int length = VERSION.length() + kind.length() + 1;
    for (String part : parts) {
      length += part == null ? 2 : part.length() + 4;
    }
    StringBuilder out = new StringBuilder(length).append(VERSION).append(kind).append(':');
    for (String part : parts) {
      if (part == null) {
        out.append("-;");
      } else {
        out.append(part.length()).append(';').append(part);
      }
    }
    // Base64's alphabet is ASCII: its bytes make the string as they are.
    return new String(
        ENCODER.encode(out.toString().getBytes(StandardCharsets.UTF_8)),
        StandardCharsets.ISO_8859_1);
  }

  /** The parts of a cursor of {@code kind}, exactly {@code count} of them. */
  public static List<String> decode(String cursor, String kind, int count) {
    String text;
    try {
      text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw invalid("malformed cursor");
    }
    String prefix = VERSION + kind + ":";
    if (!text.startsWith(prefix)) {
      throw invalid("this cursor belongs to another list");
    }
    List<String> parts = new ArrayList<>();
    int i = prefix.length();
    try {
      while (i < text.length()) {
        if (text.startsWith("-;", i)) {
          parts.add(null);
          i += 2;
          continue;
        }
        int semicolon = text.indexOf(';', i);
        int length = Integer.parseInt(text.substring(i, semicolon));
        parts.add(text.substring(semicolon + 1, semicolon + 1 + length));
        i = semicolon + 1 + length;
      }
    } catch (RuntimeException e) {
      throw invalid("malformed cursor");
    }
    if (parts.size() != count || parts.get(count - 1) == null) {
      throw invalid("malformed cursor");
    }
    return parts;
  }

  public static ReclaimException invalid(String message) {
    return new ReclaimException(ErrorCode.BAD_USER_INPUT, message);
  }
}

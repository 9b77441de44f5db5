package app.reclaim.scim;

/**
 * What a string from a SCIM client may contain: Unicode text (no lone surrogate: Jackson turns the
 * legal JSON escape {@code "\ud800"} into one, and nothing downstream can store or print it
 * faithfully) without control characters (Unicode category Cc, NUL included), except tab, line feed
 * and carriage return where an attribute holds several lines. Problems are described by code point
 * and position, never by quoting the value.
 */
final class ScimText {

  private ScimText() {}

  /** What is wrong with {@code value}, or null when nothing is. */
  static String problem(String value, boolean multiLine) {
    int position = 0;
    for (int i = 0; i < value.length(); position++) {
      char c = value.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < value.length()
          && Character.isLowSurrogate(value.charAt(i + 1))) {
        i += 2;
        continue;
      }
      if (Character.isSurrogate(c)) {
        return String.format(
            "contains a lone surrogate (U+%04X) at character %d: not Unicode text",
            (int) c, position + 1);
      }
      if (Character.getType(c) == Character.CONTROL && !(multiLine && isLineBreakOrTab(c))) {
        return String.format(
            "contains a control character (U+%04X) at character %d", (int) c, position + 1);
      }
      i++;
    }
    return null;
  }

  /** Characters as a person counts them: code points, a surrogate pair being one. */
  static int length(String value) {
    return value.codePointCount(0, value.length());
  }

  private static boolean isLineBreakOrTab(char c) {
    return c == '\t' || c == '\n' || c == '\r';
  }
}

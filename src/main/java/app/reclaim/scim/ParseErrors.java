package app.reclaim.scim;

import com.unboundid.scim2.common.Path;
import com.unboundid.scim2.common.exceptions.ScimException;
import com.unboundid.scim2.common.filters.Filter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Filters and attribute paths parsed by the SDK, its failures told as one plain sentence naming the
 * position ({@code Invalid filter at position 12: the quoted string is not closed}). The SDK's own
 * messages quote Jackson ("Unexpected character (''' (code 39))", "at [Source: REDACTED …]") and
 * its tokenizer; they are read here, by the SDK 5.0.0 wording, and never passed on. Positions count
 * characters from 0 in the text the client sent. No part of that text is echoed: a filter holds
 * user names and emails, and the detail may reach logs.
 */
final class ParseErrors {

  private static final Pattern OPERATOR =
      Pattern.compile("Unrecognized attribute operator '(.*)' at position (\\d+)", Pattern.DOTALL);
  private static final Pattern VALUE =
      Pattern.compile("Invalid comparison value at position (\\d+)");
  private static final Pattern CLOSING =
      Pattern.compile("No opening parenthesis .* position (\\d+)");
  private static final Pattern NOT = Pattern.compile("Expected '\\(' at position (\\d+)");
  private static final Pattern CHARACTER =
      Pattern.compile("Unexpected character '.*' at position (\\d+) for token", Pattern.DOTALL);
  private static final Pattern TRAILING =
      Pattern.compile("Unexpected character '.*' at position (\\d+)", Pattern.DOTALL);
  private static final Pattern NAME =
      Pattern.compile(
          "(?:Attribute (?:name|path) expected|Invalid attribute path) at position (\\d+)");
  private static final Pattern ANY = Pattern.compile("position (\\d+)");
  private static final String INNER = "Invalid value filter: ";

  private ParseErrors() {}

  /**
   * {@code rewritten} (an IdP leniency's form of {@code raw}) parsed; errors told on {@code raw}.
   */
  static Filter filter(String raw, String rewritten) {
    try {
      return Filter.fromString(rewritten);
    } catch (ScimException e) {
      String detail = describe(failure(raw, e, true), raw, 0);
      throw ScimError.badRequest("invalidFilter", "Invalid filter at " + detail);
    }
  }

  /**
   * An attribute path ({@code what}: "path", "sortBy", "attributes"…); {@code offset} is where
   * {@code raw} starts in the parameter the client sent.
   */
  static Path path(String what, String raw, String rewritten, int offset) {
    try {
      return Path.fromString(rewritten);
    } catch (ScimException e) {
      // A path with a schema URN is tokenized from after the URN's last colon.
      int colon = raw.regionMatches(true, 0, "urn:", 0, 4) ? urnEnd(raw) : 0;
      String detail = describe(failure(raw, e, false), raw.substring(colon), offset + colon);
      throw ScimError.badRequest("invalidPath", "Invalid " + what + " at " + detail);
    }
  }

  /** The failure of {@code raw} itself when it fails too (its positions are the client's). */
  private static String failure(String raw, ScimException rewritten, boolean filter) {
    try {
      if (filter) {
        Filter.fromString(raw);
      } else {
        Path.fromString(raw);
      }
      return String.valueOf(rewritten.getMessage());
    } catch (ScimException e) {
      return String.valueOf(e.getMessage());
    }
  }

  private static int urnEnd(String path) {
    int bracket = path.indexOf('[');
    return (bracket >= 0 ? path.substring(0, bracket) : path).lastIndexOf(':') + 1;
  }

  /** "position N: what is wrong", N counted in the client's text. */
  static String describe(String message, String text, int offset) {
    if (message.startsWith(INNER)) {
      return describe(message.substring(INNER.length()), text, offset);
    }
    Matcher m;
    if ((m = OPERATOR.matcher(message)).find()) {
      int after = Integer.parseInt(m.group(2));
      int start = after - 1 - m.group(1).length();
      int at = start >= 0 && text.startsWith(m.group(1), start) ? start : after;
      return at(
          at,
          offset,
          "expected a comparison operator (eq, ne, co, sw, ew, gt, ge, lt, le"
              + " or pr) after the attribute name");
    }
    if ((m = VALUE.matcher(message)).find()) {
      int at = Integer.parseInt(m.group(1));
      return at(at, offset, value(text, at));
    }
    if ((m = CLOSING.matcher(message)).find()) {
      return at(Integer.parseInt(m.group(1)), offset, "this ')' has no matching '('");
    }
    if ((m = NOT.matcher(message)).find()) {
      return at(Integer.parseInt(m.group(1)), offset, "'not' must be followed by '('");
    }
    if ((m = CHARACTER.matcher(message)).find()) {
      return at(
          Integer.parseInt(m.group(1)),
          offset,
          "unexpected character (names are made of"
              + " letters, digits, '-', '_' and '$', with '.' before a sub-attribute)");
    }
    if ((m = TRAILING.matcher(message)).find()) {
      return at(
          Integer.parseInt(m.group(1)),
          offset,
          "expected 'and', 'or' or ')' after a complete comparison");
    }
    if ((m = NAME.matcher(message)).find()) {
      return at(Integer.parseInt(m.group(1)), offset, "an attribute name is expected");
    }
    if (message.startsWith("Unexpected end of")) {
      return end(text, offset);
    }
    m = ANY.matcher(message);
    return at(m.find() ? Integer.parseInt(m.group(1)) : text.length(), offset, "not valid syntax");
  }

  private static String at(int position, int offset, String words) {
    return "position " + (position + offset) + ": " + words;
  }

  /** What is wrong with the comparison value starting at {@code at}. */
  private static String value(String text, int at) {
    String rest = at <= text.length() ? text.substring(at).stripLeading() : "";
    if (rest.isEmpty()) {
      return "expected a value after the operator";
    }
    if (rest.charAt(0) != '"') {
      return "a value must be a quoted string, a number, true, false or null";
    }
    for (int i = 1; i < rest.length(); i++) {
      if (rest.charAt(i) == '\\') {
        i++;
      } else if (rest.charAt(i) == '"') {
        return "the quoted string holds an invalid escape (JSON escapes only)";
      }
    }
    return "the quoted string is not closed";
  }

  /** The text ended too early: an unclosed '(' or '[' is named where it opens. */
  private static String end(String text, int offset) {
    Deque<Integer> open = new ArrayDeque<>();
    boolean quoted = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          quoted = false;
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == '(' || c == '[') {
        open.push(i);
      } else if ((c == ')' || c == ']') && !open.isEmpty()) {
        open.pop();
      }
    }
    if (!open.isEmpty()) {
      int at = open.peek();
      return at(at, offset, "this '" + text.charAt(at) + "' is not closed");
    }
    return at(
        text.length(),
        offset,
        "the text ends before the expression is complete (an attribute name, an operator and a"
            + " value are expected, or a name after '.')");
  }
}

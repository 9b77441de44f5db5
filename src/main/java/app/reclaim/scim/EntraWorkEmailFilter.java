package app.reclaim.scim;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Entra documents {@code emails[type eq "work"].value eq "x@y"} as a user-matching filter; that is
 * not RFC 7644 grammar and the SDK's parser refuses it (SCIM.md §1 row 19, §4; MicrosoftDocs
 * use-scim-to-provision-users-and-groups.md). It is rewritten to the equivalent {@code emails[type
 * eq "work" and value eq "x@y"]} before parsing.
 */
final class EntraWorkEmailFilter {

  // The look-behind starts a match only where an attribute name starts: without it, every letter
  // of a long run (a 70,000-character value in a path or filter) started a match that scanned the
  // rest of the run, which made the rewrite quadratic in the value's length.
  private static final Pattern VALUE_PATH_SUB =
      Pattern.compile(
          "(?<![\\w:.])([A-Za-z][\\w:.]*)\\[([^\\]]+)\\]\\.([A-Za-z]\\w*)\\s+(eq|ne|co|sw|ew|gt|ge|lt|le)\\s+"
              + "(\"(?:[^\"\\\\]|\\\\.)*\"|true|false|null|[-0-9.]+)",
          Pattern.CASE_INSENSITIVE);

  private EntraWorkEmailFilter() {}

  static String rewrite(String filter) {
    if (filter == null) {
      return null;
    }
    Matcher m = VALUE_PATH_SUB.matcher(filter);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(
          out,
          Matcher.quoteReplacement(
              m.group(1)
                  + "[("
                  + m.group(2)
                  + ") and "
                  + m.group(3)
                  + " "
                  + m.group(4)
                  + " "
                  + m.group(5)
                  + "]"));
    }
    m.appendTail(out);
    return out.toString();
  }
}

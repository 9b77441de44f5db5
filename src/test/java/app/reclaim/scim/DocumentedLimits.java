package app.reclaim.scim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The limits docs/scim-limits.md promises, read from its User and Group tables: the tests hold the
 * server to the page an IdP integrator reads, not to a copy of the code's own table.
 */
record DocumentedLimits(Map<String, Integer> lengths, Map<String, Integer> values) {

  private static final Pattern ROW =
      Pattern.compile("^\\| `([^`]+)` \\| (\\d+) \\| (\\d*) *\\|$", Pattern.MULTILINE);

  static DocumentedLimits of(ResourceKind kind) {
    String page;
    try {
      page = Files.readString(Path.of("docs/scim-limits.md"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String heading = "\n## " + kind.resourceType + "\n";
    int start = page.indexOf(heading);
    if (start < 0) {
      throw new IllegalStateException("docs/scim-limits.md has no section" + heading);
    }
    int end = page.indexOf("\n## ", start + heading.length());
    String section = page.substring(start, end < 0 ? page.length() : end);
    Map<String, Integer> lengths = new LinkedHashMap<>();
    Map<String, Integer> values = new LinkedHashMap<>();
    Matcher m = ROW.matcher(section);
    while (m.find()) {
      lengths.put(m.group(1), Integer.parseInt(m.group(2)));
      if (!m.group(3).isEmpty()) {
        values.put(m.group(1).substring(0, m.group(1).indexOf('.')), Integer.parseInt(m.group(3)));
      }
    }
    if (lengths.isEmpty()) {
      throw new IllegalStateException("no limits in the " + kind.resourceType + " table");
    }
    return new DocumentedLimits(lengths, values);
  }
}

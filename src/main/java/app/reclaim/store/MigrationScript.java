package app.reclaim.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/** One numbered CQL file ({@code V001__name.cql}) split into its statements. */
record MigrationScript(int version, String name, List<String> statements) {

  private static final Pattern FILE = Pattern.compile("V(\\d{3,})__([A-Za-z0-9_]+)\\.cql");

  /** The scripts of one set ({@code control} or {@code region}), in version order, gap-free. */
  static List<MigrationScript> load(String set) {
    try {
      Resource[] resources =
          new PathMatchingResourcePatternResolver()
              .getResources("classpath*:cassandra/" + set + "/V*.cql");
      List<MigrationScript> scripts = new ArrayList<>();
      for (Resource resource : resources) {
        Matcher m = FILE.matcher(resource.getFilename());
        if (!m.matches()) {
          throw new IllegalStateException(
              "migration file name must be V###__name.cql: " + resource);
        }
        scripts.add(
            new MigrationScript(
                Integer.parseInt(m.group(1)),
                m.group(2),
                statements(resource.getContentAsString(StandardCharsets.UTF_8))));
      }
      scripts.sort(Comparator.comparingInt(MigrationScript::version));
      for (int i = 0; i < scripts.size(); i++) {
        if (scripts.get(i).version() != i + 1) {
          throw new IllegalStateException(
              "cassandra/"
                  + set
                  + ": expected version "
                  + (i + 1)
                  + " but found "
                  + scripts.get(i).version()
                  + " ("
                  + scripts.get(i).name()
                  + ")");
        }
      }
      return List.copyOf(scripts);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Statements end with ';' at the end of a line; '--' lines are comments. */
  static List<String> statements(String text) {
    StringBuilder current = new StringBuilder();
    List<String> out = new ArrayList<>();
    for (String line : text.split("\n")) {
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("--")) {
        continue;
      }
      current.append(trimmed).append(' ');
      if (trimmed.endsWith(";")) {
        String statement = current.toString().strip();
        out.add(statement.substring(0, statement.length() - 1).strip());
        current.setLength(0);
      }
    }
    if (!current.toString().isBlank()) {
      throw new IllegalStateException("statement without a closing ';': " + current);
    }
    if (out.stream()
        .anyMatch(
            s ->
                Arrays.stream(s.split("\\s+"))
                    .anyMatch(
                        w ->
                            w.contains(".")
                                && !w.contains("'")
                                && w.matches("[A-Za-z_]+\\.[A-Za-z_]+.*")))) {
      throw new IllegalStateException("migration statements must not name a keyspace: " + out);
    }
    return out;
  }
}

package app.reclaim.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;

/**
 * Rows of bench/run.sh's table, appended as tab-separated lines to the file named by {@code
 * bench.out} (item, figure, value, ceiling, ratio, target, result, runs); run.sh prints them.
 */
final class BenchResults {

  private final Path file;

  BenchResults(String path) {
    this.file = path == null ? null : Path.of(path);
  }

  static BenchResults fromSystemProperties() {
    return new BenchResults(System.getProperty("bench.out"));
  }

  /**
   * One row; {@code pass} null when the row has no target of its own (a ceiling or a side figure).
   */
  void row(
      String item,
      String figure,
      String value,
      String ceiling,
      String ratio,
      String target,
      Boolean pass,
      int runs) {
    String line =
        String.join(
                "\t",
                item,
                figure,
                value,
                ceiling,
                ratio,
                target,
                pass == null ? "" : pass ? "PASS" : "FAIL",
                Integer.toString(runs))
            + "\n";
    System.out.print("ROW " + line);
    if (file == null) {
      return;
    }
    try {
      Files.writeString(
          file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String number(double value) {
    if (value >= 100) {
      return String.format(Locale.ROOT, "%,.0f", value);
    }
    return String.format(Locale.ROOT, value >= 10 ? "%.1f" : "%.2f", value);
  }

  static String ratio(double value) {
    return String.format(Locale.ROOT, "%.2f", value);
  }

  static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}

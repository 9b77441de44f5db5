package app.reclaim.simulator;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;

/**
 * One org's requests: a count per method and path (never dropped) and the latest {@value #KEPT}
 * requests in full, so a 100,000-user sync does not fill the heap.
 */
final class RequestLog {

  static final int KEPT = 100_000;

  private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
  private final ArrayDeque<SimulatedRequest> recent = new ArrayDeque<>();

  void record(SimulatedRequest request) {
    counts
        .computeIfAbsent(request.method() + " " + request.path(), k -> new LongAdder())
        .increment();
    synchronized (recent) {
      if (recent.size() == KEPT) {
        recent.removeFirst();
      }
      recent.addLast(request);
    }
  }

  /**
   * Requests whose path matches {@code glob} ({@link #pattern}), with {@code method} (null: any).
   */
  long count(String method, String glob) {
    Pattern pattern = pattern(glob);
    return counts.entrySet().stream()
        .filter(
            e -> {
              int space = e.getKey().indexOf(' ');
              return (method == null || e.getKey().substring(0, space).equalsIgnoreCase(method))
                  && pattern.matcher(e.getKey().substring(space + 1)).matches();
            })
        .mapToLong(e -> e.getValue().sum())
        .sum();
  }

  List<SimulatedRequest> requests() {
    synchronized (recent) {
      return List.copyOf(recent);
    }
  }

  void clear() {
    counts.clear();
    synchronized (recent) {
      recent.clear();
    }
  }

  /**
   * A path glob: {@code *} is anything within one segment, {@code **} anything across segments; a
   * leading {@code /admin} (the base path) is ignored, so full paths work too.
   */
  static Pattern pattern(String glob) {
    String path = glob.startsWith("/admin/") ? glob.substring("/admin".length()) : glob;
    StringBuilder regex = new StringBuilder();
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c == '*' && i + 1 < path.length() && path.charAt(i + 1) == '*') {
        regex.append(".*");
        i++;
      } else if (c == '*') {
        regex.append("[^/]*");
      } else {
        regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(regex.toString());
  }
}

package app.reclaim;

import java.util.ArrayList;
import java.util.List;

/** Reads CSV the way RFC 4180 writes it, strictly: tests check Reclaim's exports with it. */
public final class Csv4180 {

  private Csv4180() {}

  /**
   * The records of {@code text}: CRLF-terminated (the last one too), quoted cells may hold commas,
   * line breaks and doubled quotes.
   */
  public static List<List<String>> records(String text) {
    List<List<String>> rows = new ArrayList<>();
    List<String> row = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
          cell.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          cell.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        row.add(cell.toString());
        cell.setLength(0);
      } else if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
        row.add(cell.toString());
        cell.setLength(0);
        rows.add(row);
        row = new ArrayList<>();
        i++;
      } else {
        cell.append(c);
      }
    }
    if (!row.isEmpty() || cell.length() > 0 || quoted) {
      throw new AssertionError("last record not ended by CRLF (or a quote left open)");
    }
    return rows;
  }
}

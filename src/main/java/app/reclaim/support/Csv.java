package app.reclaim.support;

import java.io.IOException;
import java.io.Writer;
import java.util.List;

/** CSV for exports: RFC 4180 records (CRLF), each cell made safe for spreadsheets. */
public final class Csv {

  private Csv() {}

  /** One record of {@link #cell cells}. */
  public static void row(Writer w, List<String> cells) throws IOException {
    for (int c = 0; c < cells.size(); c++) {
      if (c > 0) {
        w.write(',');
      }
      w.write(cell(cells.get(c)));
    }
    w.write("\r\n");
  }

  /**
   * A cell: null is empty; a value a spreadsheet would read as a formula (starting with = + - @,
   * tab or carriage return) is prefixed with a single quote; a value with a comma, quote or line
   * break is quoted with its quotes doubled.
   */
  public static String cell(String value) {
    if (value == null || value.isEmpty()) {
      return "";
    }
    String v = value;
    char first = v.charAt(0);
    if (first == '='
        || first == '+'
        || first == '-'
        || first == '@'
        || first == '\t'
        || first == '\r') {
      v = "'" + v;
    }
    if (v.indexOf(',') >= 0
        || v.indexOf('"') >= 0
        || v.indexOf('\n') >= 0
        || v.indexOf('\r') >= 0) {
      v = "\"" + v.replace("\"", "\"\"") + "\"";
    }
    return v;
  }
}

package app.reclaim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Runs after the whole suite (its own surefire execution) and reads every log line the suite wrote:
 * logs identify users by account id only, so no line may hold an email address or a person's name
 * that the tests' directories use (the simulator's and the synthetic directory's first and last
 * names, in the forms they are written: "First Last").
 */
class LogHygieneTests {

  static final Pattern EMAIL =
      Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}");
  static final String[] FIRST = {
    "Ada",
    "Grace",
    "Alan",
    "Edsger",
    "Barbara",
    "Donald",
    "Frances",
    "Ken",
    "Margaret",
    "Dennis",
    "Radia",
    "Leslie",
    "Shafi",
    "Tim",
    "Niklaus",
    "Ivan",
    "Hedy",
    "John",
    "Katherine",
    "Linus"
  };
  static final String[] LAST = {
    "Lovelace",
    "Hopper",
    "Turing",
    "Dijkstra",
    "Liskov",
    "Knuth",
    "Allen",
    "Thompson",
    "Hamilton",
    "Ritchie",
    "Perlman",
    "Lamport",
    "Goldwasser",
    "Berners-Lee",
    "Wirth",
    "Sutherland",
    "Lamarr",
    "McCarthy",
    "Johnson",
    "Torvalds"
  };
  static final Pattern NAME =
      Pattern.compile(
          "\\b(" + String.join("|", FIRST) + ")[ .](" + String.join("|", LAST) + ")\\b",
          Pattern.CASE_INSENSITIVE);

  @Test
  void shouldFindNoEmailOrNameInAnyLogLineOfTheSuite() throws IOException {
    Path log = Path.of(System.getProperty("reclaim.test.log", "target/test-logs/suite.log"));
    assertThat(log).as("the suite's log (written by logback-test.xml)").exists();
    List<String> lines = Files.readAllLines(log);
    assertThat(lines).as("lines the suite logged").hasSizeGreaterThan(500);

    List<String> offending = new ArrayList<>();
    for (String line : lines) {
      if (EMAIL.matcher(line).find() || NAME.matcher(line).find()) {
        offending.add(line.length() > 300 ? line.substring(0, 300) + "…" : line);
      }
    }
    assertThat(offending).as("log lines with an email or a name").isEmpty();
  }

  @Test
  void shouldRecogniseWhatItLooksFor() {
    assertThat(EMAIL.matcher("user ada.lovelace.5@acme.example suspended").find()).isTrue();
    assertThat(NAME.matcher("renamed to Grace Hopper 12").find()).isTrue();
    assertThat(EMAIL.matcher("org t-1234 synced 2000 users in 402 ms").find()).isFalse();
    assertThat(NAME.matcher("acc-2026-77 in group group-003-confluence").find()).isFalse();
  }
}

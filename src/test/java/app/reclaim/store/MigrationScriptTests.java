package app.reclaim.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MigrationScriptTests {

  @Test
  void shouldSplitStatementsAndSkipComments() {
    var statements =
        MigrationScript.statements(
            """
        -- users: a comment
        CREATE TABLE IF NOT EXISTS a (
          id text PRIMARY KEY
        );
        -- another
        CREATE TABLE IF NOT EXISTS b (id text PRIMARY KEY)
          WITH compaction = {'class': 'LeveledCompactionStrategy'};
        """);
    assertThat(statements)
        .containsExactly(
            "CREATE TABLE IF NOT EXISTS a ( id text PRIMARY KEY )",
            "CREATE TABLE IF NOT EXISTS b (id text PRIMARY KEY) WITH compaction = {'class': 'LeveledCompactionStrategy'}");
  }

  @Test
  void shouldRejectAKeyspaceNameInATableFile() {
    assertThatThrownBy(
            () ->
                MigrationScript.statements("CREATE TABLE reclaim_eu.users (id text PRIMARY KEY);"))
        .hasMessageContaining("must not name a keyspace");
  }

  @Test
  void shouldRejectAStatementWithoutATerminator() {
    assertThatThrownBy(() -> MigrationScript.statements("CREATE TABLE a (id text PRIMARY KEY)"))
        .hasMessageContaining("closing ';'");
  }

  @Test
  void shouldLoadBothSetsInVersionOrderWithoutGaps() {
    for (String set : new String[] {"control", "region"}) {
      var scripts = MigrationScript.load(set);
      assertThat(scripts).isNotEmpty();
      for (int i = 0; i < scripts.size(); i++) {
        assertThat(scripts.get(i).version()).isEqualTo(i + 1);
        assertThat(scripts.get(i).statements()).allMatch(s -> s.contains("IF NOT EXISTS"));
      }
    }
  }
}

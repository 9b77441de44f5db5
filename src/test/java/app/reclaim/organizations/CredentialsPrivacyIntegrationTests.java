package app.reclaim.organizations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import app.reclaim.GraphQlHttp;
import app.reclaim.GraphQlSocket;
import app.reclaim.IntegrationTest;
import app.reclaim.TestCassandra;
import app.reclaim.security.Role;
import app.reclaim.store.KeyspaceRouter;
import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The published promise about API keys: once given to Reclaim, the plaintext is in no Cassandra
 * table, no log line and no GraphQL response; only the admin-API client gets it, from the service.
 */
class CredentialsPrivacyIntegrationTests extends IntegrationTest {

  @Autowired OrganizationService organizations;

  @Autowired CredentialsService credentials;

  @Autowired KeyspaceRouter router;

  @Autowired LoggingSystem logging;

  /** The key and the encodings it could leak in. */
  static List<String> forms(String apiKey) {
    byte[] bytes = apiKey.getBytes(StandardCharsets.UTF_8);
    return List.of(
        apiKey,
        Base64.getEncoder().encodeToString(bytes),
        Base64.getEncoder().withoutPadding().encodeToString(bytes),
        Base64.getUrlEncoder().withoutPadding().encodeToString(bytes),
        HexFormat.of().formatHex(bytes));
  }

  @Test
  @ExtendWith(OutputCaptureExtension.class)
  void shouldKeepTheApiKeyOutOfEveryTableLogLineAndResponse(CapturedOutput output)
      throws IOException {
    byte[] random = new byte[24];
    new SecureRandom().nextBytes(random);
    String apiKey = "ATATT3xPrivacy" + HexFormat.of().formatHex(random);
    String orgId = freshOrgId();
    organizations.install(new InstallOrganization(orgId, "Privacy Inc", "eu"));
    List<String> responses = new ArrayList<>();
    // Every logger the request passes through at its most talkative (except the two the
    // configuration pins at INFO because they log request variables).
    List<String> loud =
        List.of(
            "app.reclaim",
            "org.springframework.graphql",
            "graphql",
            "org.springframework.web",
            "org.apache.catalina");
    loud.forEach(name -> logging.setLogLevel(name, LogLevel.DEBUG));
    try {
      responses.addAll(exercise(orgId, apiKey));
    } finally {
      loud.forEach(name -> logging.setLogLevel(name, null));
    }
    assertThat(credentials.apiKey(orgId)).as("stored, encrypted").contains(apiKey);

    assertNotInAnyTable(forms(apiKey), orgId);
    String cassandraLogs = cassandraLogs();
    for (String form : forms(apiKey)) {
      assertThat(linesWith(output.getAll(), form)).as("log lines with the key").isEmpty();
      assertThat(linesWith(cassandraLogs, form)).as("the Cassandra node's log lines").isEmpty();
      responses.forEach(body -> assertThat(body).as("GraphQL responses").doesNotContain(form));
    }
    String ciphertext =
        router
            .session()
            .execute(
                router
                    .prepareInRegion("eu", "SELECT api_key_jwe FROM credentials WHERE org_id = ?")
                    .bind(orgId))
            .one()
            .getString(0);
    responses.forEach(body -> assertThat(body).doesNotContain(ciphertext));
    assertThat(output.getAll()).doesNotContain(ciphertext);
  }

  /**
   * Sets, fails to set, verifies and reads the key every way the API allows; the response bodies.
   */
  List<String> exercise(String orgId, String apiKey) {
    GraphQlHttp admin = asAdmin(orgId);
    String expiresOn = LocalDate.now(ZoneOffset.UTC).plusDays(30).toString();
    String set =
        "mutation Set($input: SetApiCredentialsInput!) { setApiCredentials(input: $input) {"
            + " credentials { configured expiresOn } userErrors { field message code } } }";
    List<String> bodies = new ArrayList<>();
    bodies.add(
        admin.post(set, Map.of("input", Map.of("apiKey", apiKey, "expiresOn", expiresOn))).body());
    // Refused ones: a bad date, a bad character, a viewer, and the key inline in the document.
    bodies.add(
        admin
            .post(set, Map.of("input", Map.of("apiKey", apiKey, "expiresOn", "2020-01-01")))
            .body());
    bodies.add(
        admin
            .post(set, Map.of("input", Map.of("apiKey", apiKey + " x", "expiresOn", expiresOn)))
            .body());
    bodies.add(
        admin.post(set, Map.of("input", Map.of("apiKey", apiKey, "expiresOn", "someday"))).body());
    bodies.add(
        asViewer(orgId)
            .post(set, Map.of("input", Map.of("apiKey", apiKey, "expiresOn", expiresOn)))
            .body());
    bodies.add(
        admin
            .post(
                "mutation { setApiCredentials(input: {apiKey: \""
                    + apiKey
                    + "\", expiresOn: \""
                    + expiresOn
                    + "\"}) { userErrors { code } } }")
            .body());
    // The same mutation over graphql-transport-ws (its handler logs under its own name).
    try (GraphQlSocket socket =
        GraphQlSocket.open(port, token(orgId, Role.ADMIN), Duration.ofSeconds(60))) {
      socket.subscribe(
          "set",
          "mutation { setApiCredentials(input: {apiKey: \""
              + apiKey
              + "\", expiresOn: \""
              + expiresOn
              + "\"}) { credentials { configured } userErrors { code } } }");
      socket.await("the mutation's end", m -> "set".equals(m.id()) && "complete".equals(m.type()));
      socket.of("set").forEach(m -> bodies.add(m.text()));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    credentials.recordVerification(
        orgId, false, "401: key " + apiKey + " is not valid", Instant.now());
    assertThat(credentials.apiKey(orgId)).contains(apiKey);
    String everything =
        "{ organization { " + selection("Organization", new HashSet<>(), 0) + " } }";
    assertThat(everything).contains("credentials {");
    bodies.add(admin.post(everything).body());
    bodies.add(asViewer(orgId).post(everything).body());
    assertThat(bodies.get(bodies.size() - 1))
        .contains("\"configured\":true")
        .doesNotContain("\"errors\"");
    return bodies;
  }

  /** Every field of a type, nested types expanded, read from the schema as clients see it. */
  @SuppressWarnings("unchecked")
  String selection(String typeName, Set<String> path, int depth) {
    List<Map<String, Object>> fields =
        anonymousSchema().stream()
            .filter(t -> typeName.equals(t.get("name")))
            .findFirst()
            .map(t -> (List<Map<String, Object>>) t.get("fields"))
            .orElseThrow();
    StringBuilder out = new StringBuilder();
    for (Map<String, Object> field : fields) {
      boolean requiredArgs =
          ((List<Map<String, Object>>) field.get("args"))
              .stream()
                  .anyMatch(
                      a ->
                          "NON_NULL".equals(((Map<String, Object>) a.get("type")).get("kind"))
                              && a.get("defaultValue") == null);
      if (requiredArgs) {
        continue;
      }
      Map<String, Object> type = (Map<String, Object>) field.get("type");
      while (type.get("ofType") != null) {
        type = (Map<String, Object>) type.get("ofType");
      }
      String kind = (String) type.get("kind");
      String name = (String) type.get("name");
      if (kind.equals("OBJECT")) {
        if (depth >= 4 || path.contains(name)) {
          continue;
        }
        Set<String> deeper = new HashSet<>(path);
        deeper.add(typeName);
        out.append(field.get("name"))
            .append(" { ")
            .append(selection(name, deeper, depth + 1))
            .append(" } ");
      } else {
        out.append(field.get("name")).append(' ');
      }
    }
    return out.toString();
  }

  private List<Map<String, Object>> schema;

  List<Map<String, Object>> anonymousSchema() {
    if (schema == null) {
      schema =
          asViewer("introspection")
              .post(
                  """
          { __schema { types { name fields { name
              args { type { kind } defaultValue }
              type { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } } }""")
              .read("$.data.__schema.types");
    }
    return schema;
  }

  /** Every text, blob and collection cell of every table of every Reclaim keyspace. */
  void assertNotInAnyTable(List<String> forms, String orgId) {
    CqlSession session = router.session();
    int tables = 0;
    long cells = 0;
    boolean sawOwnRow = false;
    for (Row table :
        session.execute("SELECT keyspace_name, table_name FROM system_schema.tables")) {
      String keyspace = table.getString("keyspace_name");
      String name = table.getString("table_name");
      if (!keyspace.startsWith("reclaim")) {
        continue;
      }
      tables++;
      String cql =
          "SELECT * FROM "
              + CqlIdentifier.fromInternal(keyspace).asCql(true)
              + "."
              + CqlIdentifier.fromInternal(name).asCql(true);
      for (Row row : session.execute(SimpleStatement.newInstance(cql).setPageSize(5000))) {
        sawOwnRow |=
            keyspace.equals("reclaim_eu")
                && name.equals("credentials")
                && orgId.equals(row.getString("org_id"))
                && row.getString("api_key_jwe") != null;
        for (int i = 0; i < row.getColumnDefinitions().size(); i++) {
          Object value = row.getObject(i);
          if (value == null) {
            continue;
          }
          cells++;
          String text = value instanceof ByteBuffer bytes ? text(bytes) : String.valueOf(value);
          for (String form : forms) {
            if (text.contains(form)) {
              fail(
                  "the API key is stored in plaintext or an encoding of it in %s.%s.%s",
                  keyspace, name, row.getColumnDefinitions().get(i).getName().asInternal());
            }
          }
        }
      }
    }
    assertThat(tables).as("tables scanned").isGreaterThan(3);
    assertThat(cells).as("cells scanned").isPositive();
    assertThat(sawOwnRow).as("the scan read this org's credentials row").isTrue();
  }

  /** The lines holding {@code secret}, with it masked, so that a failure shows where, not what. */
  static List<String> linesWith(String text, String secret) {
    return text.lines()
        .filter(line -> line.contains(secret))
        .map(line -> line.replace(secret, "<API KEY>"))
        .toList();
  }

  static String text(ByteBuffer bytes) {
    byte[] copy = new byte[bytes.remaining()];
    bytes.duplicate().get(copy);
    return new String(copy, StandardCharsets.ISO_8859_1)
        + "\n"
        + new String(copy, StandardCharsets.UTF_8);
  }

  static String cassandraLogs() throws IOException {
    Path logs =
        TestCassandra.repositoryRoot()
            .toPath()
            .resolve(System.getProperty("reclaim.test.cassandra.dir", ".local/cassandra-test"))
            .resolve("logs");
    if (!Files.isDirectory(logs)) {
      return "";
    }
    StringBuilder all = new StringBuilder();
    try (Stream<Path> files = Files.list(logs)) {
      for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".log")).toList()) {
        all.append(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
      }
    }
    return all.toString();
  }
}

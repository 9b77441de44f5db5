package app.reclaim;

import java.util.UUID;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.ActiveProfiles;

/**
 * Base of the tests that run the whole application against the tests' real Cassandra node. All share
 * one Spring context (same configuration), and isolate themselves by fresh org ids, never by
 * truncating tables or changing the schema.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"test", "local"})
public abstract class IntegrationTest {

  @Value("${local.server.port}")
  protected int port;

  @Autowired
  void registerForShutdown(ConfigurableApplicationContext context) {
    TestCassandra.register(context);
  }

  /** An org id no other test (or earlier run) uses. */
  protected static String freshOrgId() {
    return "t-" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
  }

  /** A client that presents no credentials. */
  protected GraphQlHttp anonymous() {
    return new GraphQlHttp(port);
  }

  /** A client acting as an ADMIN of {@code orgId}. */
  protected GraphQlHttp asAdmin(String orgId) {
    return new GraphQlHttp(port).header("X-Reclaim-Org", orgId);
  }

  /** A client acting as a VIEWER of {@code orgId}. */
  protected GraphQlHttp asViewer(String orgId) {
    return new GraphQlHttp(port).header("X-Reclaim-Org", orgId);
  }

  /** @deprecated use {@link #anonymous()}, {@link #asAdmin} or {@link #asViewer}. */
  protected GraphQlHttp graphQl() {
    return new GraphQlHttp(port);
  }
}

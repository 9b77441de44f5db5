package app.reclaim;

import app.reclaim.security.LocalTokens;
import app.reclaim.security.Role;
import java.time.Duration;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.ActiveProfiles;

/**
 * Base of the tests that run the whole application against the tests' real Cassandra node. All
 * share one Spring context (same configuration), and isolate themselves by fresh org ids, never by
 * truncating tables or changing the schema. Clients authenticate as real callers do: with JWTs
 * signed by the tests' local key ({@code .local/keys-test}), which the server checks like any
 * other.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"test", "local"})
public abstract class IntegrationTest {

  private static final Duration TOKEN_TTL = Duration.ofHours(1);

  @Value("${local.server.port}")
  protected int port;

  @Autowired private LocalTokens tokens;

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
    return new GraphQlHttp(port).bearer(token(orgId, Role.ADMIN));
  }

  /** A client acting as a VIEWER of {@code orgId}. */
  protected GraphQlHttp asViewer(String orgId) {
    return new GraphQlHttp(port).bearer(token(orgId, Role.VIEWER));
  }

  /** A client acting as the platform (PLATFORM token, for {@code /platform}). */
  protected GraphQlHttp asPlatform() {
    return new GraphQlHttp(port).bearer(token(null, Role.PLATFORM));
  }

  /** A client sending exactly this {@code Authorization} header value (e.g. a forged token). */
  protected GraphQlHttp withAuthorization(String headerValue) {
    return new GraphQlHttp(port).header("Authorization", headerValue);
  }

  /** A valid token for {@code role} in {@code orgId} (null for PLATFORM), e.g. for WebSocket. */
  protected String token(String orgId, Role role) {
    return tokens.mint(
        orgId, role, "test-" + role.name().toLowerCase(java.util.Locale.ROOT), TOKEN_TTL);
  }

  /**
   * @deprecated use {@link #anonymous()}, {@link #asAdmin} or {@link #asViewer}.
   */
  @Deprecated
  protected GraphQlHttp graphQl() {
    return new GraphQlHttp(port);
  }
}

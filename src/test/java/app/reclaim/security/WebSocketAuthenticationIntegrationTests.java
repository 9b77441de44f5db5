package app.reclaim.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.reclaim.IntegrationTest;
import app.reclaim.organizations.InstallOrganization;
import app.reclaim.organizations.OrganizationService;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.client.ClientGraphQlResponse;
import org.springframework.graphql.client.GraphQlTransportException;
import org.springframework.graphql.client.WebSocketGraphQlClient;
import org.springframework.graphql.client.WebSocketGraphQlClientInterceptor;
import org.springframework.web.reactive.socket.client.StandardWebSocketClient;
import reactor.core.publisher.Mono;

/** graphql-transport-ws on /graphql: the token travels in the connection_init payload. */
class WebSocketAuthenticationIntegrationTests extends IntegrationTest {

  static final Duration TIMEOUT = Duration.ofSeconds(20);
  static final String QUERY = "{ organization { id name } }";

  @Autowired OrganizationService organizations;

  String orgId;

  @BeforeEach
  void install() {
    orgId = freshOrgId();
    organizations.install(new InstallOrganization(orgId, "Pied Piper", "eu"));
  }

  ClientGraphQlResponse execute(Map<String, Object> initPayload, String document) {
    WebSocketGraphQlClient client =
        WebSocketGraphQlClient.builder(
                "ws://localhost:" + port + "/graphql", new StandardWebSocketClient())
            .interceptor(
                new WebSocketGraphQlClientInterceptor() {
                  @Override
                  public Mono<Object> connectionInitPayload() {
                    return Mono.just(initPayload);
                  }
                })
            .build();
    try {
      return client.document(document).execute().block(TIMEOUT);
    } finally {
      client.stop().block(TIMEOUT);
    }
  }

  @Test
  void shouldAnswerAQueryWithTheBearerTokenInConnectionInit() {
    var response = execute(Map.of("Authorization", "Bearer " + token(orgId, Role.VIEWER)), QUERY);

    assertThat(response.isValid()).isTrue();
    assertThat(response.field("organization.id").toEntity(String.class)).isEqualTo(orgId);
  }

  @Test
  void shouldAcceptTheTokenKeyToo() {
    var response = execute(Map.of("token", token(orgId, Role.ADMIN)), QUERY);

    assertThat(response.field("organization.name").toEntity(String.class)).isEqualTo("Pied Piper");
  }

  /**
   * The close code the server answers a raw connection_init with. 1006 is no code a server sends:
   * the JDK client reports it when the TCP connection ended before it read the close frame, which
   * happens on a loaded machine; such an attempt says nothing about the server, so it is tried
   * again (at most three times).
   */
  int closeCodeFor(String connectionInit) throws Exception {
    int code = 1006;
    for (int attempt = 0; attempt < 3 && code == 1006; attempt++) {
      code = closeCodeOnce(connectionInit);
    }
    return code;
  }

  private int closeCodeOnce(String connectionInit) throws Exception {
    CompletableFuture<Integer> closed = new CompletableFuture<>();
    WebSocket socket =
        HttpClient.newHttpClient()
            .newWebSocketBuilder()
            .subprotocols("graphql-transport-ws")
            .buildAsync(
                URI.create("ws://localhost:" + port + "/graphql"),
                new WebSocket.Listener() {
                  @Override
                  public CompletionStage<?> onText(
                      WebSocket webSocket, CharSequence data, boolean last) {
                    closed.completeExceptionally(new AssertionError("server answered: " + data));
                    return null;
                  }

                  @Override
                  public CompletionStage<?> onClose(
                      WebSocket webSocket, int statusCode, String reason) {
                    closed.complete(statusCode);
                    return null;
                  }

                  @Override
                  public void onError(WebSocket webSocket, Throwable error) {
                    closed.completeExceptionally(error);
                  }
                })
            .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    socket.sendText(connectionInit, true);
    try {
      return closed.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } finally {
      socket.abort();
    }
  }

  @Test
  void shouldCloseWith4401ForAnInvalidMissingOrPlatformToken() throws Exception {
    String valid = token(orgId, Role.ADMIN);
    String forged = valid.substring(0, valid.lastIndexOf('.') + 1) + "AAAA";

    assertThat(
            closeCodeFor(
                "{\"type\":\"connection_init\",\"payload\":{\"Authorization\":\"Bearer "
                    + forged
                    + "\"}}"))
        .isEqualTo(4401);
    assertThat(closeCodeFor("{\"type\":\"connection_init\",\"payload\":{\"token\":\"not-a-jwt\"}}"))
        .isEqualTo(4401);
    assertThat(closeCodeFor("{\"type\":\"connection_init\"}")).isEqualTo(4401);
    assertThat(
            closeCodeFor(
                "{\"type\":\"connection_init\",\"payload\":{\"token\":\""
                    + token(null, Role.PLATFORM)
                    + "\"}}"))
        .isEqualTo(4401);
  }

  @Test
  void shouldFailTheClientForAnInvalidToken() {
    assertThatThrownBy(() -> execute(Map.of("token", "not-a-jwt"), QUERY))
        .isInstanceOf(GraphQlTransportException.class);
  }

  @Test
  void shouldRefuseAViewersMutationOverWebSocketToo() {
    var response =
        execute(
            Map.of("token", token(orgId, Role.VIEWER)),
            "mutation { updateOrganization(input: {name: \"Hacked\"}) { userErrors { code } } }");

    assertThat(response.getErrors())
        .singleElement()
        .satisfies(e -> assertThat(e.getExtensions()).containsEntry("code", "FORBIDDEN"));
    assertThat(organizations.find(orgId).orElseThrow().name()).isEqualTo("Pied Piper");
  }
}

package app.reclaim;

import com.jayway.jsonpath.JsonPath;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import tools.jackson.databind.json.JsonMapper;

/**
 * A raw graphql-transport-ws connection to the test server (the JDK's WebSocket client), keeping
 * every message it receives in order and how the server closed it: what the tests of sockets that
 * close, or must not, need to see frame by frame.
 */
public final class GraphQlSocket implements AutoCloseable {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** A text message the server sent, as JSON, and when it arrived. */
  public record Received(String text, Instant at) {

    public String type() {
      return JsonPath.read(text, "$.type");
    }

    public String id() {
      return text.contains("\"id\"") ? JsonPath.read(text, "$.id") : null;
    }

    public <T> T read(String path) {
      return JsonPath.read(text, path);
    }
  }

  /** The close frame the server sent, and when it arrived. */
  public record Closed(int code, String reason, Instant at) {}

  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final CompletableFuture<Closed> closed = new CompletableFuture<>();
  private final WebSocket socket;
  private final Duration timeout;

  private GraphQlSocket(int port, Duration timeout) throws Exception {
    this.timeout = timeout;
    StringBuilder partial = new StringBuilder();
    socket =
        HttpClient.newHttpClient()
            .newWebSocketBuilder()
            .subprotocols("graphql-transport-ws")
            .buildAsync(
                URI.create("ws://localhost:" + port + "/graphql"),
                new WebSocket.Listener() {
                  @Override
                  public CompletionStage<?> onText(
                      WebSocket webSocket, CharSequence data, boolean last) {
                    partial.append(data);
                    if (last) {
                      received.add(new Received(partial.toString(), Instant.now()));
                      partial.setLength(0);
                    }
                    webSocket.request(1);
                    return null;
                  }

                  @Override
                  public CompletionStage<?> onClose(
                      WebSocket webSocket, int statusCode, String reason) {
                    closed.complete(new Closed(statusCode, reason, Instant.now()));
                    return null;
                  }

                  @Override
                  public void onError(WebSocket webSocket, Throwable error) {
                    closed.completeExceptionally(error);
                  }
                })
            .get(timeout.toSeconds(), TimeUnit.SECONDS);
  }

  /** Connects and sends {@code connection_init} with {@code Authorization: Bearer token}. */
  public static GraphQlSocket open(int port, String token, Duration timeout) throws Exception {
    GraphQlSocket socket = new GraphQlSocket(port, timeout);
    socket.send(
        Map.of("type", "connection_init", "payload", Map.of("Authorization", "Bearer " + token)));
    socket.await("connection_ack", m -> "connection_ack".equals(m.type()));
    return socket;
  }

  /** Sends a {@code subscribe} message: {@code id} runs {@code document}. */
  public CompletableFuture<WebSocket> subscribe(String id, String document) {
    return send(Map.of("id", id, "type", "subscribe", "payload", Map.of("query", document)));
  }

  private CompletableFuture<WebSocket> send(Map<String, Object> message) {
    return socket.sendText(JSON.writeValueAsString(message), true);
  }

  /** Every message received so far, in order. */
  public List<Received> received() {
    return List.copyOf(received);
  }

  /** The messages received for operation {@code id}, in order. */
  public List<Received> of(String id) {
    return received.stream().filter(m -> id.equals(m.id())).toList();
  }

  /** Waits for the first message matching {@code condition}. */
  public Received await(String what, java.util.function.Predicate<Received> condition) {
    return Awaitility.await(what)
        .atMost(timeout)
        .until(() -> received.stream().filter(condition).findFirst(), java.util.Optional::isPresent)
        .orElseThrow();
  }

  /** Waits for the server's close frame. */
  public Closed awaitClose() throws Exception {
    return closed.get(timeout.toSeconds(), TimeUnit.SECONDS);
  }

  /** Whether the server has closed the connection (or it failed). */
  public boolean isClosed() {
    return closed.isDone();
  }

  @Override
  public void close() {
    socket.abort();
  }
}

package app.reclaim.scim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a request makes Reclaim parse is limited before it is parsed (docs/scim-limits.md, "Request
 * limits"): a filter, a PATCH path, {@code sortBy}, {@code attributes}, the number of PATCH
 * operations and the body. Each just within its limit works; one character (or byte) beyond is a
 * SCIM error naming the limit, with nothing written. An error never quotes a long value back.
 */
class ScimRequestLimitsIntegrationTests extends ScimInputTest {

  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  /** {@code userName eq "…"} comparisons joined by {@code or}, exactly {@code length} long. */
  static String filterOfLength(int length) {
    StringBuilder f = new StringBuilder("userName eq \"x@example.com\"");
    while (f.length() < length) {
      String next = " or userName eq \"" + "y".repeat(Math.min(900, length)) + "@example.com\"";
      f.append(next);
    }
    // Trim the last value's padding so the whole is exactly the length asked for.
    int over = f.length() - length;
    int at = f.lastIndexOf("@example.com\"");
    f.delete(at - over, at);
    assertThat(f.length()).isEqualTo(length);
    return f.toString();
  }

  ScimHttp.Response search(String filter) {
    return scim.post(
        "/Users/.search",
        "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:SearchRequest\"],\"filter\":\""
            + filter.replace("\"", "\\\"")
            + "\"}");
  }

  @Test
  void shouldRefuseAFilterLongerThanItsLimitAndServeOneAtIt() {
    String userName = unique("long-filter-");
    String id = createUser(userName);
    String atLimit = filterOfLength(RequestLimits.FILTER - userName.length() - 20);
    atLimit = atLimit + " or userName eq \"" + userName + "\"";
    atLimit = atLimit + " ".repeat(RequestLimits.FILTER - atLimit.length());

    var served = search(atLimit);
    var refused = search(atLimit + " ");

    assertThat(atLimit).hasSize(RequestLimits.FILTER);
    assertThat(served.status()).as(served.body()).isEqualTo(200);
    assertThat(served.<List<String>>read("$.Resources[*].id")).containsExactly(id);
    assertRejected(refused, "invalidFilter", "filter", "at most " + RequestLimits.FILTER);
  }

  @Test
  void shouldRefuseAPatchPathSortByOrAttributesBeyondTheirLimitsWithNothingChanged() {
    String id = createUser(unique("long-path-"));
    String version = scim.get("/Users/" + id).read("$.meta.version");
    String longPath = "name." + "a".repeat(70_000);
    String atLimit = "emails[type eq \"" + "w".repeat(RequestLimits.PATH - 24) + "\"].value";

    var tooLong =
        scim.patch(
            "/Users/" + id,
            patch("{\"op\":\"replace\",\"path\":\"" + longPath + "\",\"value\":\"x\"}"));
    var justOver =
        scim.patch(
            "/Users/" + id,
            patch(
                "{\"op\":\"replace\",\"path\":\"emails[type eq \\\""
                    + "w".repeat(RequestLimits.PATH - 23)
                    + "\\\"].value\",\"value\":\"x@example.com\"}"));
    var atItsLimit =
        scim.patch(
            "/Users/" + id,
            patch(
                "{\"op\":\"add\",\"path\":\""
                    + atLimit.replace("\"", "\\\"")
                    + "\",\"value\":\"x@example.com\"}"));

    assertThat(atLimit).hasSize(RequestLimits.PATH);
    assertRejected(tooLong, "invalidPath", "path", "at most " + RequestLimits.PATH);
    assertRejected(justOver, "invalidPath", "at most " + RequestLimits.PATH);
    assertThat(atItsLimit.status()).as("a path at the limit is parsed").isNotIn(413, 500);
    assertThat(atItsLimit.body()).doesNotContain("at most " + RequestLimits.PATH);

    String sortBy = "a".repeat(RequestLimits.PATH + 1);
    assertRejected(
        scim.get("/Users?sortBy=" + sortBy),
        "invalidPath",
        "sortBy",
        "at most " + RequestLimits.PATH);
    String attributes = "userName," + "a".repeat(RequestLimits.ATTRIBUTES);
    var search =
        scim.post(
            "/Users/.search",
            "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:SearchRequest\"],"
                + "\"attributes\":[\""
                + attributes
                + "\"]}");
    assertRejected(search, "invalidPath", "attributes", "at most " + RequestLimits.ATTRIBUTES);
    assertThat(scim.get("/Users/" + id).<String>read("$.meta.version")).isEqualTo(version);
  }

  @Test
  void shouldRefuseMoreOperationsThanTheLimitWithNothingChanged() {
    String id = createUser(unique("many-ops-"));
    String version = scim.get("/Users/" + id).read("$.meta.version");
    List<String> ops = new ArrayList<>();
    for (int i = 0; i <= RequestLimits.OPERATIONS; i++) {
      ops.add("{\"op\":\"replace\",\"path\":\"title\",\"value\":\"T" + i + "\"}");
    }

    var refused = scim.patch("/Users/" + id, patch(String.join(",", ops)));
    var atLimit = scim.patch("/Users/" + id, patch(String.join(",", ops.subList(1, ops.size()))));

    assertRejected(refused, "invalidSyntax", "at most " + RequestLimits.OPERATIONS);
    assertThat(atLimit.status()).as(atLimit.body()).isEqualTo(200);
    assertThat(atLimit.<String>read("$.title")).isEqualTo("T" + RequestLimits.OPERATIONS);
    assertThat(version).isNotEqualTo(atLimit.read("$.meta.version"));
  }

  @Test
  void shouldAnswer413ToABodyBeyondTheLimitAndStoreNothing() {
    // A user whose title is padded so the JSON is one byte over the limit, sent chunked (no
    // declared length): the server must count what it reads.
    String head =
        "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\""
            + unique("big-body-")
            + "\",\"title\":\"";
    String tail = "\"}";
    int pad = RequestLimits.BODY_BYTES + 1 - head.length() - tail.length();
    byte[] body = (head + "t".repeat(pad) + tail).getBytes(StandardCharsets.UTF_8);
    assertThat(body).hasSize(RequestLimits.BODY_BYTES + 1);

    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/scim/v2/Users"))
            .header("Authorization", "Bearer " + secret)
            .header("Content-Type", "application/scim+json")
            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
            .build();
    HttpResponse<String> r;
    try {
      r = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }

    assertThat(r.statusCode()).as(r.body()).isEqualTo(413);
    assertThat(r.body())
        .contains("\"status\":\"413\"")
        .contains(String.valueOf(RequestLimits.BODY_BYTES));
    assertThat(r.body().length()).isLessThan(1_000);
    assertNothingStored("Users");
  }

  @Test
  void shouldNameAnUnknownSchemaByPositionWithoutQuotingIt() {
    String urn = "urn:example:" + "s".repeat(70_000);
    var r =
        scim.post(
            "/Users",
            "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\",\""
                + urn
                + "\"],\"userName\":\""
                + unique("schema-")
                + "\"}");

    assertRejected(r, "invalidSyntax", "schemas[1]");
    assertNothingStored("Users");
  }
}

package app.reclaim.scim;

import static org.assertj.core.api.Assertions.assertThat;

import app.reclaim.store.RegionKeyspaces;
import com.datastax.oss.driver.api.core.CqlSession;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * What the input tests share: the 400 they expect (status, scimType, a detail naming the attribute
 * that never echoes the value), "nothing was stored" (no resource, no name claim of the org), and
 * raw-byte requests for bodies a String cannot carry (invalid UTF-8).
 */
abstract class ScimInputTest extends ScimTest {

  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  @Autowired CqlSession session;
  @Autowired RegionKeyspaces regions;

  static String repeat(String s, int times) {
    return s.repeat(times);
  }

  /** {@code json} (an object) with a string field added first. */
  static String withField(String json, String field, String value) {
    return "{\"" + field + "\":\"" + value + "\"," + json.strip().substring(1);
  }

  /** A 400 with this scimType whose detail names every fragment and is short (no echoed value). */
  static void assertRejected(ScimHttp.Response r, String scimType, String... detailFragments) {
    assertThat(r.status()).as(r.body()).isEqualTo(400);
    assertThat(r.<String>read("$.scimType")).as(r.body()).isEqualTo(scimType);
    assertThat(r.<String>read("$.status")).isEqualTo("400");
    String detail = r.read("$.detail");
    assertThat(detail).contains(detailFragments);
    assertThat(r.body().length()).as("the error echoes no long value").isLessThan(1_000);
  }

  /** The org has no SCIM resource of this endpoint, and no name claim (nor its listing row). */
  void assertNothingStored(String endpoint) {
    var list = scim.get("/" + endpoint);
    assertThat(list.status()).isEqualTo(200);
    assertThat(list.<Integer>read("$.totalResults")).as(endpoint).isZero();
    assertThat(claimRows("scim_names")).as("name claims").isEmpty();
    assertThat(claimRows("scim_name_keys")).as("listed name claims").isEmpty();
  }

  /** The name keys of the org's rows in a claims table of its region (eu). */
  List<String> claimRows(String table) {
    List<String> out = new ArrayList<>();
    session
        .execute(
            "SELECT name_key FROM "
                + regions.keyspaceOf("eu").asCql(true)
                + "."
                + table
                + " WHERE org_id = ? ALLOW FILTERING",
            orgId)
        .forEach(r -> out.add(r.getString(0)));
    return out;
  }

  /** A request whose body is exactly these bytes (ScimHttp encodes Strings, which cannot). */
  ScimHttp.Response sendBytes(String method, String path, String contentType, byte[] body) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/scim/v2" + path))
            .header("Authorization", "Bearer " + secret)
            .header("Content-Type", contentType)
            .method(method, HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    try {
      HttpResponse<String> r = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
      return new ScimHttp.Response(r.statusCode(), java.util.Map.of(), r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}

package app.reclaim.scim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Issue 19 rows 3 and 4: text that is not Unicode (a lone surrogate), bytes that are not UTF-8, NUL
 * and other control characters are refused with a 400 before anything is written, wherever a
 * client's string enters: resources (POST, PUT, PATCH), member ids and filters. In the Java strings
 * below, {@code \\ud800} is the six characters of a JSON escape, which the server's JSON parser
 * turns into a lone surrogate.
 */
class ScimTextInputIntegrationTests extends ScimInputTest {

  @Nested
  class Row3LoneSurrogates {

    @Test
    void shouldRejectALoneSurrogateInUserNameAndStoreNothing() {
      for (String name : List.of("a\\ud800b", "tail\\udbff", "\\udc00lead", "\\udc00\\ud800")) {
        var r = scim.post("/Users", user(name));

        assertRejected(r, "invalidValue", "userName", "lone surrogate");
      }
      assertNothingStored("Users");
    }

    @Test
    void shouldAcceptASurrogatePairAndReturnItIntact() {
      var r = scim.post("/Users", user("smile\\ud83d\\ude00@example.com"));

      assertThat(r.status()).as(r.body()).isEqualTo(201);
      assertThat(r.<String>read("$.userName")).isEqualTo("smile\uD83D\uDE00@example.com");
    }

    @Test
    void shouldRejectALoneSurrogateInAGroupNameAPatchAndAMemberId() {
      String user = createUser(unique("s"));
      String before = scim.get("/Users/" + user).body();
      String group = createGroup("Surrogates " + java.util.UUID.randomUUID());
      String groupBefore = scim.get("/Groups/" + group).body();

      var groupName =
          scim.post("/Groups", "{\"schemas\":[\"" + GROUP + "\"],\"displayName\":\"x\\ud800\"}");
      var userPatch =
          scim.patch(
              "/Users/" + user,
              patch("{\"op\":\"replace\",\"path\":\"name.givenName\",\"value\":\"x\\ud800\"}"));
      var member =
          scim.patch(
              "/Groups/" + group,
              patch("{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"\\ud800\"}]}"));

      assertRejected(groupName, "invalidValue", "displayName", "lone surrogate");
      assertRejected(userPatch, "invalidValue", "name.givenName", "lone surrogate");
      assertRejected(member, "invalidValue", "members.value", "lone surrogate");
      assertThat(scim.get("/Users/" + user).body()).isEqualTo(before);
      assertThat(scim.get("/Groups/" + group).body()).isEqualTo(groupBefore);
    }

    @Test
    void shouldRejectALoneSurrogateOrANulInAFilterWithInvalidFilter() {
      createUser(unique("f"));

      var query = scim.get("/Users?filter=" + ScimHttp.q("userName eq \"\\ud800\""));
      var scan = scim.get("/Groups?filter=" + ScimHttp.q("displayName co \"a\\udfff\""));
      var search =
          scim.post(
              "/Users/.search",
              "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:SearchRequest\"],"
                  + "\"filter\":\"userName eq \\\"\\ud800\\\"\"}");

      var nul = scim.get("/Users?filter=" + ScimHttp.q("userName eq \"a\\u0000\""));

      assertRejected(query, "invalidFilter", "lone surrogate");
      assertRejected(nul, "invalidFilter", "control character");
      assertRejected(scan, "invalidFilter", "lone surrogate");
      assertRejected(search, "invalidFilter", "lone surrogate");
    }
  }

  @Nested
  class Row4BytesAndControlCharacters {

    @Test
    void shouldRejectABodyThatIsNotUtf8WithInvalidSyntaxAndStoreNothing() {
      byte[][] bad = {
        {(byte) 0xC3, 0x28}, // a two-byte lead followed by ASCII
        {(byte) 0xFF}, // never valid in UTF-8
        {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, // a UTF-16 surrogate encoded as UTF-8 (CESU-8)
        {(byte) 0xC0, (byte) 0xAF}, // an overlong '/'
        {(byte) 0xE2, (byte) 0x82} // a truncated three-byte sequence
      };
      for (byte[] bytes : bad) {
        for (String type : List.of("application/scim+json", "application/json; charset=UTF-8")) {
          var r = sendBytes("POST", "/Users", type, userWithRawBytes(bytes));

          assertRejected(r, "invalidSyntax", "UTF-8");
        }
      }
      assertNothingStored("Users");
    }

    @Test
    void shouldStillReadTheCharsetAClientDeclares() {
      // rest-assured sends ISO-8859-1: there every byte is a character (0xE9 is é).
      var r =
          sendBytes(
              "POST",
              "/Users",
              "application/scim+json; charset=ISO-8859-1",
              userWithRawBytes(new byte[] {(byte) 0xE9}));

      assertThat(r.status()).as(r.body()).isEqualTo(201);
      assertThat(r.<String>read("$.userName")).startsWith("rawé");
    }

    @Test
    void shouldRejectNulAndOtherControlCharactersAndStoreNothing() {
      for (String c : List.of("\\u0000", "\\u0007", "\\u001b", "\\t", "\\u007f", "\\u0085")) {
        var r = scim.post("/Users", user("ctl" + c + "x@example.com"));

        assertRejected(r, "invalidValue", "userName", "control character");
      }
      var rawNul =
          sendBytes("POST", "/Users", "application/scim+json", userWithRawBytes(new byte[] {0x00}));

      assertThat(rawNul.status()).as("JSON forbids a raw control character").isEqualTo(400);
      assertNothingStored("Users");
    }

    @Test
    void shouldAllowLineBreaksOnlyInTheMultiLineAddressAttributes() {
      String address =
          "\"addresses\":[{\"formatted\":\"1 Main St\\nSpringfield\",\"streetAddress\":"
              + "\"1 Main St\\r\\nBuilding\\t2\",\"type\":\"work\"}]";
      var ok = scim.post("/Users", user(unique("addr")).replace("\"active\":true", address));
      var locality =
          scim.post(
              "/Users",
              user(unique("addr"))
                  .replace("\"active\":true", "\"addresses\":[{\"locality\":\"a\\nb\"}]"));

      assertThat(ok.status()).as(ok.body()).isEqualTo(201);
      assertThat(ok.<String>read("$.addresses[0].formatted")).isEqualTo("1 Main St\nSpringfield");
      assertRejected(locality, "invalidValue", "addresses.locality", "control character");
    }

    @Test
    void shouldRejectANulInAPutAndKeepTheUser() {
      String userName = unique("put");
      String id = createUser(userName);
      String before = scim.get("/Users/" + id).body();

      var r = scim.put("/Users/" + id, withField(user(userName), "title", "a\\u0000b"));

      assertRejected(r, "invalidValue", "title", "control character");
      assertThat(scim.get("/Users/" + id).body()).isEqualTo(before);
    }
  }

  /** A user body whose userName is "raw" + these bytes + a unique suffix, as raw bytes. */
  private static byte[] userWithRawBytes(byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(
        ("{\"schemas\":[\"" + USER + "\"],\"userName\":\"raw").getBytes(StandardCharsets.UTF_8));
    out.writeBytes(bytes);
    out.writeBytes((unique("") + "\"}").getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }
}

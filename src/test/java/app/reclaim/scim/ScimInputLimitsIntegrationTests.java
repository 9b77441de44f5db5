package app.reclaim.scim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.types.AttributeDefinition;
import com.unboundid.scim2.common.utils.JsonUtils;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Issue 19 rows 1 and 2: over-long strings are refused with 400 invalidValue naming the attribute
 * and its limit (never echoing the value), before anything is written, on POST, PUT and PATCH of
 * users and groups; every limit docs/scim-limits.md documents is held at its number over HTTP.
 */
class ScimInputLimitsIntegrationTests extends ScimInputTest {

  private static final String ENTERPRISE_PREFIX = ScimSchemas.ENTERPRISE + ":";

  @Nested
  class Row1And2OverLongValues {

    @Test
    void shouldRejectA70000CharacterUserNameAndStoreNothing() {
      var r = scim.post("/Users", user(repeat("a", 70_000)));

      assertRejected(r, "invalidValue", "userName", "1024");
      assertNothingStored("Users");
      assertThat(scim.post("/Users", user(unique("retry"))).status()).isEqualTo(201);
    }

    @Test
    void shouldRejectA100000CharacterGroupDisplayNameAndStoreNothing() {
      var r =
          scim.post(
              "/Groups",
              "{\"schemas\":[\""
                  + GROUP
                  + "\"],\"displayName\":\""
                  + repeat("g", 100_000)
                  + "\",\"members\":[]}");

      assertRejected(r, "invalidValue", "displayName", "512");
      assertNothingStored("Groups");
    }

    @Test
    void shouldRejectA65000CharacterUserNameAndA100000CharacterExternalIdThatUsedToBeStored() {
      var longName = scim.post("/Users", user(repeat("b", 65_000)));
      var longExternalId =
          scim.post("/Users", withField(user(unique("ext")), "externalId", repeat("e", 100_000)));

      assertRejected(longName, "invalidValue", "userName", "1024");
      assertRejected(longExternalId, "invalidValue", "externalId", "1024");
      assertNothingStored("Users");
    }

    @Test
    void shouldFindNothingForAFilterOnAnOverLongNameInsteadOfFailing() {
      createUser(unique("present"));
      String search =
          "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:SearchRequest\"],"
              + "\"filter\":\"%s eq \\\"%s\\\"\"}";

      // Names over their limits (1,024 and 512), in filters within theirs (RequestLimits.FILTER;
      // a longer filter is refused whole: ScimRequestLimitsIntegrationTests).
      var users = scim.post("/Users/.search", search.formatted("userName", repeat("a", 5_000)));
      var groups =
          scim.post("/Groups/.search", search.formatted("displayName", repeat("g", 6_000)));

      assertThat(users.status()).as(users.body()).isEqualTo(200);
      assertThat(users.<Integer>read("$.totalResults")).isZero();
      assertThat(groups.status()).as(groups.body()).isEqualTo(200);
      assertThat(groups.<Integer>read("$.totalResults")).isZero();
    }

    @Test
    void shouldCountCharactersNotBytesOrUtf16Units() {
      // 1,024 four-byte characters (two UTF-16 units each): at the limit, so accepted.
      String emoji = repeat("\uD83D\uDE00", 1024);
      var r = scim.post("/Users", user(emoji));

      assertThat(r.status()).as(r.body()).isEqualTo(201);
      assertRejected(scim.post("/Users", user(emoji + "x")), "invalidValue", "userName", "1024");
    }
  }

  @Nested
  class EveryDocumentedLimit {

    @Test
    void shouldAcceptEveryUserAttributeAtItsLimitAndRefuseItOneCharacterBeyond() {
      DocumentedLimits.of(ResourceKind.USER)
          .lengths()
          .forEach(
              (path, max) -> {
                var at = scim.post("/Users", userWith(path, max));
                assertThat(at.status()).as(path + " at " + max + ": " + at.body()).isEqualTo(201);
                assertRejected(
                    scim.post("/Users", userWith(path, max + 1)),
                    "invalidValue",
                    path,
                    String.valueOf(max));
              });
    }

    @Test
    void shouldAcceptEveryGroupAttributeAtItsLimitAndRefuseItOneCharacterBeyond() {
      String member = createUser(unique("member"));
      DocumentedLimits.of(ResourceKind.GROUP)
          .lengths()
          .forEach(
              (path, max) -> {
                var at = scim.post("/Groups", groupWith(path, max, member));
                if (path.equals("members.value")) {
                  // 128 characters is a well-formed id, but no user has it.
                  assertRejected(at, "invalidValue", "not users of this organization");
                } else {
                  assertThat(at.status()).as(path + " at " + max + ": " + at.body()).isEqualTo(201);
                }
                assertRejected(
                    scim.post("/Groups", groupWith(path, max + 1, member)),
                    "invalidValue",
                    path,
                    String.valueOf(max));
              });
    }

    @Test
    void shouldRefuseMoreValuesThanDocumentedForEachMultiValuedAttribute() {
      Map<String, Integer> values = DocumentedLimits.of(ResourceKind.USER).values();
      assertThat(values).containsKeys("emails", "roles", "x509Certificates");
      values.forEach(
          (attribute, max) -> {
            var at = scim.post("/Users", userWithValues(attribute, max));
            assertThat(at.status()).as(attribute + " x" + max + ": " + at.body()).isEqualTo(201);
            assertRejected(
                scim.post("/Users", userWithValues(attribute, max + 1)),
                "invalidValue",
                attribute,
                String.valueOf(max));
          });
    }

    @Test
    void shouldRefuseAUserOfMoreThanOneMebibyteOfJson() {
      ObjectNode user = baseUser(unique("big"));
      ArrayNode certificates = user.putArray("x509Certificates");
      for (int i = 0; i < 100; i++) {
        certificates.addObject().put("value", repeat("A", 16_384));
      }

      assertRejected(scim.post("/Users", user.toString()), "invalidValue", "1048576");
      assertNothingStored("Users");
    }
  }

  @Nested
  class ReplaceAndPatch {

    @Test
    void shouldRefuseAnOverLongPutAndKeepTheUser() {
      String id = createUser(unique("put"));
      String before = scim.get("/Users/" + id).body();

      var r =
          scim.put("/Users/" + id, withField(user(unique("put")), "displayName", repeat("d", 513)));

      assertRejected(r, "invalidValue", "displayName", "512");
      assertThat(scim.get("/Users/" + id).body()).isEqualTo(before);
    }

    @Test
    void shouldRefuseAPatchWhoseResultIsOverLongAndApplyNoneOfItsOperations() {
      String id = createUser(unique("patch"));
      String before = scim.get("/Users/" + id).body();

      var withPath =
          scim.patch(
              "/Users/" + id,
              patch(
                  "{\"op\":\"replace\",\"path\":\"title\",\"value\":\"Engineer\"},"
                      + "{\"op\":\"replace\",\"path\":\"name.givenName\",\"value\":\""
                      + repeat("n", 257)
                      + "\"}"));
      var withoutPath =
          scim.patch(
              "/Users/" + id,
              patch(
                  "{\"op\":\"replace\",\"value\":{\"userName\":\"" + repeat("u", 70_000) + "\"}}"));

      assertRejected(withPath, "invalidValue", "name.givenName", "255");
      assertRejected(withoutPath, "invalidValue", "userName", "1024");
      assertThat(scim.get("/Users/" + id).body()).isEqualTo(before);
      assertThat(claimRows("scim_names")).hasSize(1);
    }

    @Test
    void shouldRefuseAGroupPatchWithAnOverLongNameOrMemberAndChangeNothing() {
      String user = createUser(unique("m"));
      String group = createGroup("Limits " + java.util.UUID.randomUUID());
      String before = scim.get("/Groups/" + group).body();

      var rename =
          scim.patch(
              "/Groups/" + group,
              patch(
                  "{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\""
                      + user
                      + "\"}]},"
                      + "{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\""
                      + repeat("g", 100_000)
                      + "\"}"));
      var addLong =
          scim.patch(
              "/Groups/" + group,
              patch(
                  "{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\""
                      + repeat("i", 70_000)
                      + "\"}]}"));
      var removeLong =
          scim.patch(
              "/Groups/" + group,
              patch(
                  "{\"op\":\"remove\",\"path\":\"members[value eq \\\""
                      // over the member id limit, within the path's (RequestLimits.PATH)
                      + repeat("i", 1_000)
                      + "\\\"]\"}"));
      var longDisplay =
          scim.patch(
              "/Groups/" + group,
              patch(
                  "{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\""
                      + user
                      + "\",\"display\":\""
                      + repeat("d", 1025)
                      + "\"}]}"));

      assertRejected(rename, "invalidValue", "displayName", "512");
      assertRejected(addLong, "invalidValue", "members.value", "128");
      assertRejected(removeLong, "invalidValue", "members.value", "128");
      assertRejected(longDisplay, "invalidValue", "members.display", "1024");
      assertThat(scim.get("/Groups/" + group).body()).isEqualTo(before);
    }
  }

  // ─── bodies ───

  static ObjectNode baseUser(String userName) {
    ObjectNode user = JsonUtils.getJsonNodeFactory().objectNode();
    user.putArray("schemas").add(USER).add(ENTERPRISE);
    user.put("userName", userName);
    return user;
  }

  /** A user whose attribute at {@code path} (docs notation) holds {@code length} characters. */
  static String userWith(String path, int length) {
    String value = filler(length);
    ObjectNode user = baseUser(path.equals("userName") ? value : unique("at"));
    set(ResourceKind.USER, user, path, value);
    return user.toString();
  }

  static String groupWith(String path, int length, String memberId) {
    String value = filler(length);
    ObjectNode group = JsonUtils.getJsonNodeFactory().objectNode();
    group.putArray("schemas").add(GROUP);
    group.put(
        "displayName", path.equals("displayName") ? value : "G " + java.util.UUID.randomUUID());
    if (path.startsWith("members.")) {
      ObjectNode member = group.putArray("members").addObject().put("value", memberId);
      member.put(path.substring("members.".length()), value);
    } else if (!path.equals("displayName")) {
      group.put(path, value);
    }
    return group.toString();
  }

  static String userWithValues(String attribute, int count) {
    ObjectNode user = baseUser(unique("many"));
    ArrayNode array = user.putArray(attribute);
    String sub = attribute.equals("addresses") ? "locality" : "value";
    for (int i = 0; i < count; i++) {
      array.addObject().put(sub, "v" + i);
    }
    return user.toString();
  }

  /** A unique value of exactly {@code length} characters (unique so userName never collides). */
  static String filler(int length) {
    String head = java.util.UUID.randomUUID().toString().substring(0, Math.min(8, length));
    return head + repeat("x", length - head.length());
  }

  private static void set(ResourceKind kind, ObjectNode user, String path, String value) {
    ObjectNode container = user;
    String rest = path;
    List<AttributeDefinition> level = new ArrayList<>(ScimSchemas.core(kind).getAttributes());
    if (path.startsWith(ENTERPRISE_PREFIX)) {
      container = user.putObject(ScimSchemas.ENTERPRISE);
      rest = path.substring(ENTERPRISE_PREFIX.length());
      level = new ArrayList<>(ScimSchemas.ENTERPRISE_SCHEMA.getAttributes());
    }
    int dot = rest.indexOf('.');
    if (dot < 0) {
      container.put(rest, value);
      return;
    }
    String top = rest.substring(0, dot);
    AttributeDefinition def = ScimSchemas.find(level, top);
    ObjectNode complex =
        def.isMultiValued() ? container.putArray(top).addObject() : container.putObject(top);
    if (top.equals("manager")) {
      complex.put("value", "m1"); // a manager without its id is dropped, not stored
    }
    complex.put(rest.substring(dot + 1), value);
  }
}

package app.reclaim.scim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code If-None-Match} (RFC 7232 §3.2, RFC 7644 §3.14): on GET, {@code *} or a tag that matches
 * the resource's ETag by weak comparison answers 304 with the ETag and no body; on PUT, PATCH,
 * DELETE and POST the same condition failing answers 412 and changes nothing.
 */
class ScimConditionalRequestsIntegrationTests extends ScimTest {

  @Test
  void shouldAnswerNotModifiedToAGetWhoseIfNoneMatchMatches() {
    String id = createUser(unique("cond"));
    String g = createGroup("Cond " + java.util.UUID.randomUUID());
    String userTag = scim.get("/Users/" + id).header("ETag");
    String groupTag = scim.get("/Groups/" + g).header("ETag");
    String strong = userTag.substring(2); // W/"1" -> "1": weak comparison ignores the W/

    for (String tag : List.of("*", userTag, strong, "\"17\", " + userTag)) {
      var r = scim.header("If-None-Match", tag).get("/Users/" + id);

      assertThat(r.status()).as(tag + ": " + r.body()).isEqualTo(304);
      assertThat(r.header("ETag")).as(tag).isEqualTo(userTag);
      assertThat(r.body()).as(tag).isEmpty();
    }
    for (String tag : List.of("*", groupTag)) {
      var r = scim.header("If-None-Match", tag).get("/Groups/" + g + "?excludedAttributes=members");

      assertThat(r.status()).as(tag + ": " + r.body()).isEqualTo(304);
      assertThat(r.header("ETag")).isEqualTo(groupTag);
      assertThat(r.body()).isEmpty();
    }

    // once the user changes, the old tag no longer matches: the new representation comes back
    scim.patch(
        "/Users/" + id, patch("{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"New\"}"));
    var changed = scim.header("If-None-Match", userTag).get("/Users/" + id);
    var unknown = scim.header("If-None-Match", "*").get("/Users/nobody");

    assertThat(changed.status()).isEqualTo(200);
    assertThat(changed.<String>read("$.displayName")).isEqualTo("New");
    assertThat(changed.header("ETag")).isNotEqualTo(userTag);
    assertThat(unknown.status()).isEqualTo(404);
  }

  @Test
  void shouldRefuseWritesWhoseIfNoneMatchMatchesWith412AndChangeNothing() {
    String userName = unique("guarded");
    String id = createUser(userName);
    String g = createGroup("Guarded " + java.util.UUID.randomUUID());
    var before = scim.get("/Users/" + id);
    String tag = before.header("ETag");
    String rename = patch("{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"Changed\"}");

    for (String condition : List.of("*", tag, tag.substring(2))) {
      ScimHttp guarded = scim.header("If-None-Match", condition);

      assertThat(guarded.patch("/Users/" + id, rename).status()).as(condition).isEqualTo(412);
      assertThat(guarded.put("/Users/" + id, user(userName)).status()).as(condition).isEqualTo(412);
      assertThat(guarded.delete("/Users/" + id).status()).as(condition).isEqualTo(412);
    }
    var groupPatch = scim.header("If-None-Match", "*").patch("/Groups/" + g, rename);

    assertThat(groupPatch.status()).isEqualTo(412);
    assertThat(groupPatch.<String>read("$.status")).isEqualTo("412");
    assertThat(scim.get("/Users/" + id).body()).isEqualTo(before.body());
    var other = scim.header("If-None-Match", "W/\"999\"").patch("/Users/" + id, rename);
    assertThat(other.status()).as(other.body()).isEqualTo(200);
  }

  @Test
  void shouldRefuseACreateWithIfNoneMatchStarWhenTheResourceExists() {
    String userName = unique("exists");
    createUser(userName);
    String fresh = unique("fresh");

    var existing = scim.header("If-None-Match", "*").post("/Users", user(userName));
    var created = scim.header("If-None-Match", "*").post("/Users", user(fresh));

    assertThat(existing.status()).as(existing.body()).isEqualTo(412);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(scim.post("/Users", user(userName)).status()).as("no condition").isEqualTo(409);
  }
}

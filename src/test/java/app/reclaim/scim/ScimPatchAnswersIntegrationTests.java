package app.reclaim.scim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * PATCH answers 200 with the whole resource (RFC 7644 §3.5.2; what Okta reads back and Entra
 * accepts), a group's members included, unless {@code attributes}/{@code excludedAttributes} asks
 * for less (README, SCIM: "PATCH answers").
 */
class ScimPatchAnswersIntegrationTests extends ScimTest {

  @Test
  void shouldAnswerUserAndGroupPatchesWith200AndTheResourceAsProjected() {
    String userName = unique("answer");
    String id = createUser(userName);
    String rename = patch("{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"Ada L\"}");

    var whole = scim.patch("/Users/" + id, rename);
    var some =
        scim.patch(
            "/Users/" + id + "?attributes=userName",
            patch("{\"op\":\"replace\",\"path\":\"title\",\"value\":\"Countess\"}"));
    var less = scim.patch("/Users/" + id + "?excludedAttributes=emails,name", rename);

    assertThat(whole.status()).isEqualTo(200);
    assertThat(whole.<String>read("$.displayName")).isEqualTo("Ada L");
    assertThat(whole.<String>read("$.userName")).isEqualTo(userName);
    assertThat(whole.<String>read("$.meta.version")).isEqualTo(whole.header("ETag"));
    assertThat(whole.header("Content-Location")).endsWith("/Users/" + id);
    assertThat(some.status()).isEqualTo(200);
    assertThat(some.<String>read("$.userName")).isEqualTo(userName);
    assertThat(some.body()).doesNotContain("Countess").doesNotContain("emails").contains(id);
    assertThat(less.body()).doesNotContain("emails").doesNotContain("givenName").contains("Ada L");

    String a = createUser(unique("a"));
    String b = createUser(unique("b"));
    String name = "Answer " + java.util.UUID.randomUUID();
    String g = createGroup(name);

    var plain =
        scim.patch(
            "/Groups/" + g,
            patch("{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + a + "\"}]}"));
    var withMembers =
        scim.patch(
            "/Groups/" + g + "?attributes=displayName,members",
            patch("{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + b + "\"}]}"));
    var named =
        scim.patch(
            "/Groups/" + g + "?attributes=displayName",
            patch("{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"" + name + " 1\"}"));
    var excluded =
        scim.patch(
            "/Groups/" + g + "?excludedAttributes=members",
            patch("{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"" + name + " 2\"}"));

    assertThat(plain.status()).as(plain.body()).isEqualTo(200);
    assertThat(plain.<String>read("$.id")).isEqualTo(g);
    assertThat(plain.<String>read("$.displayName")).isEqualTo(name);
    assertThat(plain.<String>read("$.meta.version")).isEqualTo(plain.header("ETag"));
    assertThat(plain.<List<String>>read("$.members[*].value")).containsExactly(a);
    assertThat(withMembers.status()).isEqualTo(200);
    assertThat(withMembers.<List<String>>read("$.members[*].value"))
        .containsExactlyInAnyOrder(a, b);
    assertThat(withMembers.body()).doesNotContain("\"meta\"");
    assertThat(named.<String>read("$.displayName")).isEqualTo(name + " 1");
    assertThat(named.body()).doesNotContain("members");
    assertThat(excluded.status()).isEqualTo(200);
    assertThat(excluded.<String>read("$.displayName")).isEqualTo(name + " 2");
    assertThat(excluded.body()).doesNotContain("members");
    assertThat(scim.get("/Groups/" + g).<List<String>>read("$.members[*].value"))
        .as("GET returns members by default")
        .containsExactlyInAnyOrder(a, b);
  }

  /**
   * The members a PATCH or PUT answers are computed from the rows read before the write, not read
   * back: after every step of a random sequence of adds (with and without display), removes (by
   * value list, by filter, all), path-less adds and PUTs, the answer lists exactly what a GET then
   * reads, displays included.
   */
  @Test
  void shouldAnswerTheMembersAGetThenReadsAfterEveryKindOfChange() {
    long seed = Long.getLong("reclaim.test.seed", 19L);
    java.util.Random random = new java.util.Random(seed);
    List<String> users = new java.util.ArrayList<>();
    for (int i = 0; i < 8; i++) {
      users.add(createUser(unique("m" + i)));
    }
    String name = "Members " + java.util.UUID.randomUUID();
    String g = createGroup(name);
    for (int step = 0; step < 30; step++) {
      String a = users.get(random.nextInt(users.size()));
      String b = users.get(random.nextInt(users.size()));
      String display = random.nextBoolean() ? ",\"display\":\"D" + step + "\"" : "";
      String member = "{\"value\":\"" + a + "\"" + display + "}";
      String op =
          switch (random.nextInt(6)) {
            case 0 -> "{\"op\":\"add\",\"path\":\"members\",\"value\":[" + member + "]}";
            case 1 ->
                "{\"op\":\"add\",\"value\":{\"members\":["
                    + member
                    + ",{\"value\":\""
                    + b
                    + "\"}]}}";
            case 2 ->
                "{\"op\":\"remove\",\"path\":\"members\",\"value\":[{\"value\":\"" + b + "\"}]}";
            case 3 -> "{\"op\":\"remove\",\"path\":\"members[value eq \\\"" + a + "\\\"]\"}";
            case 4 -> "{\"op\":\"replace\",\"path\":\"members\",\"value\":[" + member + "]}";
            default -> random.nextInt(4) == 0 ? "{\"op\":\"remove\",\"path\":\"members\"}" : null;
          };
      var answer =
          op != null
              ? scim.patch("/Groups/" + g, patch(op))
              : scim.put(
                  "/Groups/" + g,
                  "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],\"displayName\":\""
                      + name
                      + "\",\"members\":["
                      + member
                      + "]}");
      var read = scim.get("/Groups/" + g);

      String what = "seed " + seed + ", step " + step + ": " + (op != null ? op : "PUT " + member);
      assertThat(answer.status()).as(what + " " + answer.body()).isEqualTo(200);
      assertThat(answer.<Object>read("$.members"))
          .as(what)
          .isEqualTo(read.<Object>read("$.members"));
    }
  }
}

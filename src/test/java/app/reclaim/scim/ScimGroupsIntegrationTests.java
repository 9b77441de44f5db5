package app.reclaim.scim;

import static org.assertj.core.api.Assertions.assertThat;

import app.reclaim.directory.DirectoryWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Groups: Entra's and Okta's lifecycles (SCIM.md §5 cases 8 and 12), membership rows, isolation.
 */
class ScimGroupsIntegrationTests extends ScimTest {

  @Autowired DirectoryWriter directory;

  @Autowired com.datastax.oss.driver.api.core.CqlSession session;

  @Autowired app.reclaim.store.RegionKeyspaces regions;

  @Test
  void shouldFollowEntraGroupLifecycleWithLegacyAndFlagForms() {
    String u = createUser(unique("m"));
    String name = "Entra " + java.util.UUID.randomUUID();
    String g = createGroup(name);

    var found =
        scim.get(
            "/Groups?excludedAttributes=members&filter="
                + ScimHttp.q("displayName eq \"" + name + "\""));
    assertThat(found.<List<String>>read("$.Resources[*].id")).containsExactly(g);
    assertThat(found.body()).doesNotContain("members");

    assertThat(
            scim.patch(
                    "/Groups/" + g,
                    patch(
                        "{\"op\":\"Add\",\"path\":\"members\",\"value\":[{\"$ref\":null,\"value\":\""
                            + u
                            + "\"}]}"))
                .status())
        .isEqualTo(200);
    assertThat(scim.get("/Groups/" + g).<List<String>>read("$.members[*].value"))
        .containsExactly(u);
    assertThat(directory.known(orgId, List.of(accountOf(u))).values().iterator().next().groupIds())
        .containsExactly(g);

    scim.patch(
        "/Groups/" + g,
        patch("{\"op\":\"Remove\",\"path\":\"members\",\"value\":[{\"value\":\"" + u + "\"}]}"));
    assertThat(scim.get("/Groups/" + g).body()).doesNotContain(u);
    scim.patch(
        "/Groups/" + g,
        patch("{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + u + "\"}]}"));
    scim.patch(
        "/Groups/" + g,
        patch("{\"op\":\"remove\",\"path\":\"members[value eq \\\"" + u + "\\\"]\"}"));
    assertThat(scim.get("/Groups/" + g).body()).doesNotContain(u);

    scim.patch(
        "/Groups/" + g,
        patch("{\"op\":\"Replace\",\"path\":\"displayName\",\"value\":\"" + name + " renamed\"}"));
    assertThat(scim.get("/Groups/" + g).<String>read("$.displayName")).isEqualTo(name + " renamed");
    assertThat(scim.delete("/Groups/" + g).status()).isEqualTo(204);
    assertThat(scim.get("/Groups/" + g).status()).isEqualTo(404);
  }

  @Test
  void shouldFollowOktaGroupPushWithIdInValueAndFullPushes() {
    String a = createUser(unique("a"));
    String b = createUser(unique("b"));
    String g = createGroup("Okta " + java.util.UUID.randomUUID());

    assertThat(
            scim.patch(
                    "/Groups/" + g,
                    patch(
                        "{\"op\":\"replace\",\"value\":{\"id\":\""
                            + g
                            + "\",\"displayName\":\"Okta renamed "
                            + g
                            + "\"}}"))
                .status())
        .isEqualTo(200);
    scim.patch(
        "/Groups/" + g,
        patch(
            "{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\""
                + a
                + "\",\"display\":\"A\"}]}, {\"op\":\"remove\",\"path\":\"members[value eq \\\""
                + b
                + "\\\"]\"}"));
    assertThat(scim.get("/Groups/" + g).<List<String>>read("$.members[*].value"))
        .containsExactly(a);

    scim.patch(
        "/Groups/" + g,
        patch("{\"op\":\"replace\",\"path\":\"members\",\"value\":[{\"value\":\"" + b + "\"}]}"));
    assertThat(scim.get("/Groups/" + g).<List<String>>read("$.members[*].value"))
        .containsExactly(b);

    var put =
        scim.put(
            "/Groups/" + g,
            "{\"schemas\":[\""
                + GROUP
                + "\"],\"displayName\":\"Okta renamed "
                + g
                + "\",\"members\":[{\"value\":\""
                + a
                + "\"},{\"value\":\""
                + b
                + "\"}]}");
    assertThat(put.status()).as(put.body()).isEqualTo(200);
    assertThat(put.<List<String>>read("$.members[*].value")).containsExactlyInAnyOrder(a, b);
    assertThat(
            scim.patch(
                    "/Groups/" + g,
                    patch(
                        "{\"op\":\"replace\",\"value\":{\"id\":\"other\",\"displayName\":\"x\"}}"))
                .<String>read("$.scimType"))
        .isEqualTo("mutability");
  }

  @Test
  void shouldRefuseAPatchWithAnUnknownMemberAndWriteNothing() {
    String a = createUser(unique("a"));
    String g = createGroup("Atomic " + java.util.UUID.randomUUID());
    String before = scim.get("/Groups/" + g).body();

    var r =
        scim.patch(
            "/Groups/" + g,
            patch(
                "{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"New\"},"
                    + "{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\""
                    + a
                    + "\"},{\"value\":\"nobody\"}]}"));

    assertThat(r.status()).isEqualTo(400);
    assertThat(scim.get("/Groups/" + g).body()).isEqualTo(before);
  }

  /**
   * A member PATCH writes the group row (version check) first, then member rows in batches: a crash
   * between them leaves the group saying "changed" with only some member rows. The IdP retries the
   * same request; being idempotent, the retry converges to the state a clean run leaves.
   */
  @Test
  void shouldConvergeWhenAMemberPatchIsRetriedAfterACrashHalfway() {
    List<String> members = new java.util.ArrayList<>();
    for (int i = 0; i < 40; i++) {
      members.add(createUser(unique("m" + i)));
    }
    String g = createGroup("Crash " + java.util.UUID.randomUUID());
    String add =
        patch(
            "{\"op\":\"add\",\"path\":\"members\",\"value\":["
                + members.stream()
                    .map(m -> "{\"value\":\"" + m + "\"}")
                    .collect(java.util.stream.Collectors.joining(","))
                + "]}");
    assertThat(scim.patch("/Groups/" + g, add).status()).isEqualTo(200);
    // What a crash after the group row and the first half of the member rows leaves behind.
    List<String> lost = members.subList(20, 40);
    var keyspace = regions.keyspaceOf("eu").asCql(true);
    for (String m : lost) {
      session.execute(
          "DELETE FROM "
              + keyspace
              + ".scim_members WHERE org_id = ? AND group_id = ? AND member_id = ?",
          orgId,
          g,
          m);
      session.execute(
          "DELETE FROM "
              + keyspace
              + ".scim_member_of WHERE org_id = ? AND member_id = ? AND group_id = ?",
          orgId,
          m,
          g);
    }
    directory.removeMembers(orgId, g, lost.stream().map(this::accountOf).toList());
    assertThat(scim.get("/Groups/" + g).<List<String>>read("$.members[*].value")).hasSize(20);

    assertThat(scim.patch("/Groups/" + g, add).status()).isEqualTo(200);
    assertThat(scim.patch("/Groups/" + g, add).status()).as("a second replay").isEqualTo(200);

    assertThat(scim.get("/Groups/" + g).<List<String>>read("$.members[*].value"))
        .containsExactlyInAnyOrderElementsOf(members);
    assertThat(directory.known(orgId, members.stream().map(this::accountOf).toList()).values())
        .hasSize(40)
        .allSatisfy(u -> assertThat(u.groupIds()).containsExactly(g));
  }

  @Test
  void shouldRemoveDeletedUsersFromGroupsAndKeepMembershipsOfDeactivatedOnes() {
    String kept = createUser(unique("kept"));
    String gone = createUser(unique("gone"));
    String g = createGroup("Members " + java.util.UUID.randomUUID());
    scim.patch(
        "/Groups/" + g,
        patch(
            "{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\""
                + kept
                + "\"},{\"value\":\""
                + gone
                + "\"}]}"));

    scim.patch("/Users/" + kept, patch("{\"op\":\"replace\",\"value\":{\"active\":false}}"));
    scim.delete("/Users/" + gone);

    assertThat(scim.get("/Groups/" + g).<List<String>>read("$.members[*].value"))
        .containsExactly(kept);
    Boolean active = scim.get("/Users/" + kept).read("$.active");
    assertThat(active).isFalse();
    assertThat(
            scim.get("/Users?filter=" + ScimHttp.q("active eq false"))
                .<List<String>>read("$.Resources[*].id"))
        .containsExactly(kept);
    scim.patch("/Users/" + kept, patch("{\"op\":\"replace\",\"value\":{\"active\":true}}"));
    assertThat(
            directory.known(orgId, List.of(accountOf(kept))).values().iterator().next().groupIds())
        .containsExactly(g);
  }

  @Test
  void shouldKeepEveryMembershipWhileTheUserIsUpdatedConcurrently() throws Exception {
    // A user write used to rewrite the directory user's whole group_ids, dropping member adds
    // that landed between its read and its write.
    String u = createUser(unique("busy"));
    List<String> groups = new java.util.ArrayList<>();
    for (int i = 0; i < 20; i++) {
      groups.add(createGroup("Race " + i + " " + java.util.UUID.randomUUID()));
    }
    var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      var updates =
          pool.submit(
              () -> {
                for (int i = 0; i < 40; i++) {
                  scim.patch(
                      "/Users/" + u,
                      patch(
                          "{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"Busy "
                              + i
                              + "\"}"));
                }
              });
      var adds =
          pool.submit(
              () ->
                  groups.forEach(
                      g ->
                          assertThat(
                                  scim.patch(
                                          "/Groups/" + g,
                                          patch(
                                              "{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\""
                                                  + u
                                                  + "\"}]}"))
                                      .status())
                              .isEqualTo(200)));
      updates.get(60, java.util.concurrent.TimeUnit.SECONDS);
      adds.get(60, java.util.concurrent.TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }

    assertThat(directory.known(orgId, List.of(accountOf(u))).values().iterator().next().groupIds())
        .containsExactlyInAnyOrderElementsOf(groups);
  }

  @Test
  void shouldNameTheIdpOfSyncedGroupsFromTheTokenLabel() {
    String g = createGroup("Label " + java.util.UUID.randomUUID());

    var group = asAdmin(orgId).post("{ group(id: \"" + g + "\") { source idpName } }");

    assertThat(group.body()).contains("IDP_SYNCED").contains("Okta");
  }

  String accountOf(String scimId) {
    String userName = scim.get("/Users/" + scimId).read("$.userName");
    return "idp:" + java.util.UUID.nameUUIDFromBytes(userName.toLowerCase().getBytes());
  }
}

package app.reclaim.scim;

import static org.assertj.core.api.Assertions.assertThat;

import app.reclaim.store.RegionKeyspaces;
import com.datastax.oss.driver.api.core.CqlSession;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Name claims whose resource never appeared (a create or rename that crashed between the LWT claim
 * and the resource write, simulated by claiming through the repository as a create does and writing
 * nothing else) are listed in scim_name_keys, so uninstall, residency moves and erasure take them
 * with the org's other rows; a claim's listing row goes once the claim is released.
 */
class ScimNameClaimsIntegrationTests extends ScimTest {

  @Autowired ScimRepository repository;
  @Autowired CqlSession session;
  @Autowired RegionKeyspaces regions;

  @Test
  void shouldUnlistAClaimOnceReleasedByARenameOrADeleteAndWhenItsClaimantLoses() {
    String first = unique("first");
    String renamed = unique("renamed");
    String id = createUser(first);
    assertThat(claims("eu", "scim_name_keys")).containsExactly(key(first));

    var r =
        scim.patch(
            "/Users/" + id,
            patch("{\"op\":\"replace\",\"path\":\"userName\",\"value\":\"" + renamed + "\"}"));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(claims("eu", "scim_name_keys")).containsExactly(key(renamed));
    assertThat(scim.post("/Users", user(renamed)).status()).isEqualTo(409);
    assertThat(claims("eu", "scim_name_keys")).as("the loser's row").containsExactly(key(renamed));

    assertThat(scim.delete("/Users/" + id).status()).isEqualTo(204);
    assertThat(claims("eu", "scim_names")).isEmpty();
    assertThat(claims("eu", "scim_name_keys")).isEmpty();
  }

  @Test
  void shouldDeleteAClaimWhoseCreateCrashedWhenTheOrgIsUninstalled() {
    createUser(unique("kept"));
    String crashed = unique("crashed");
    crashedCreate(crashed);
    crashedCreate("Crashed group " + UUID.randomUUID(), ResourceKind.GROUP);
    assertThat(claims("eu", "scim_names")).contains(key(crashed)).hasSize(3);

    var uninstalled = asPlatform().delete("/platform/installations/" + orgId);

    assertThat(uninstalled.status()).as(uninstalled.body()).isEqualTo(200);
    assertThat(claims("eu", "scim_names")).as("claims of the uninstalled org").isEmpty();
    assertThat(claims("eu", "scim_name_keys")).isEmpty();
  }

  @Test
  void shouldMoveAClaimWhoseCreateCrashedWithTheOrgAndLeaveTheSourceEmpty() {
    String crashed = unique("moving");
    crashedCreate(crashed);
    String migrationId = "m-" + UUID.randomUUID();
    String hooks = "/platform/installations/" + orgId + "/migration/";
    String ref = "{\"migrationId\":\"" + migrationId + "\"}";

    var scheduled =
        asPlatform()
            .postJson(
                hooks + "schedule",
                "{\"migrationId\":\""
                    + migrationId
                    + "\",\"location\":\"DE\",\"startTime\":\"2026-12-01T02:00:00Z\","
                    + "\"endTime\":\"2026-12-01T08:00:00Z\"}");
    assertThat(scheduled.status()).as(scheduled.body()).isEqualTo(200);
    assertThat(asPlatform().postJson(hooks + "start", ref).status()).isEqualTo(202);
    Awaitility.await("move " + migrationId + " ready")
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () ->
                asPlatform()
                    .get(hooks + "status?migrationId=" + migrationId)
                    .<String>read("$.status"),
            s -> !s.equals("in-progress"));
    var commit = asPlatform().postJson(hooks + "commit", ref);

    assertThat(commit.status()).as(commit.body()).isEqualTo(200);
    assertThat(claims("eu", "scim_names")).as("claims left in the source").isEmpty();
    assertThat(claims("eu", "scim_name_keys")).isEmpty();
    assertThat(claims("de", "scim_names")).containsExactly(key(crashed));
    assertThat(claims("de", "scim_name_keys")).containsExactly(key(crashed));
  }

  @Test
  void shouldEraseTheClaimOfAnErasedUsersCrashedRename() {
    String userName = unique("erased");
    String renamedTo = unique("erased-renamed");
    String id = createUser(userName);
    String account = "idp:" + UUID.nameUUIDFromBytes(userName.getBytes());
    // A rename that crashed after its claim: the resource still has the old userName.
    assertThat(repository.claim(orgId, ResourceKind.USER, key(renamedTo), id)).isEmpty();
    String bystander = unique("bystander");
    createUser(bystander);
    String unrelatedCrash = unique("other-crash");
    crashedCreate(unrelatedCrash);

    var erased =
        asPlatform()
            .postJson(
                "/platform/erasures",
                "{\"orgId\":\"" + orgId + "\",\"accountIds\":[\"" + account + "\"]}");

    assertThat(erased.status()).as(erased.body()).isEqualTo(200);
    assertThat((Integer) erased.read("$.erased.scimUsers")).isEqualTo(1);
    assertThat(claims("eu", "scim_names"))
        .as("claims of the erased user's names")
        .doesNotContain(key(userName), key(renamedTo))
        .containsExactlyInAnyOrder(key(bystander), key(unrelatedCrash));
    assertThat(claims("eu", "scim_name_keys"))
        .containsExactlyInAnyOrder(key(bystander), key(unrelatedCrash));
    assertThat(scim.post("/Users", user(renamedTo)).status())
        .as("the name is free again")
        .isEqualTo(201);
  }

  private void crashedCreate(String name) {
    crashedCreate(name, ResourceKind.USER);
  }

  private void crashedCreate(String name, ResourceKind kind) {
    assertThat(repository.claim(orgId, kind, key(name), Representation.newId())).isEmpty();
  }

  private static String key(String name) {
    return ScimRepository.nameKey(name);
  }

  /** The name keys of the org's rows in a table of a region, by scanning the whole table. */
  private List<String> claims(String region, String table) {
    List<String> out = new ArrayList<>();
    session
        .execute(
            "SELECT name_key FROM "
                + regions.keyspaceOf(region).asCql(true)
                + "."
                + table
                + " WHERE org_id = ? ALLOW FILTERING",
            orgId)
        .forEach(r -> out.add(r.getString(0)));
    return out;
  }
}

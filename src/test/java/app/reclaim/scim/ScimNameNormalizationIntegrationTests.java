package app.reclaim.scim;

import static org.assertj.core.api.Assertions.assertThat;

import java.text.Normalizer;
import java.text.Normalizer.Form;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Issue 19 row 5: {@code userName} and group {@code displayName} are unique whatever their Unicode
 * normalization form (the claim's key is NFC, case-insensitively as before), filters find a
 * resource in either form, and the value is stored and returned as the IdP sent it. In the Java
 * strings below, {@code jos\u00e9} is "josé" with a precomposed é (NFC) and {@code jose\u0301} the
 * same name with e + a combining acute accent (NFD, what macOS text often is).
 */
class ScimNameNormalizationIntegrationTests extends ScimInputTest {

  @Autowired ScimRepository repository;

  private final String suffix = "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
  private final String nfc = "jos\u00e9" + suffix;
  private final String nfd = "jose\u0301" + suffix;

  @Test
  void shouldRefuseTheSecondSpellingOfAUserNameInEitherOrderAndCase() {
    String id = createUser(nfc);

    var sameNfd = scim.post("/Users", user(nfd));
    var upperNfd = scim.post("/Users", user(nfd.toUpperCase(Locale.ROOT)));

    assertThat(sameNfd.status()).as(sameNfd.body()).isEqualTo(409);
    assertThat(sameNfd.<String>read("$.scimType")).isEqualTo("uniqueness");
    assertThat(upperNfd.status()).isEqualTo(409);
    assertThat(scim.get("/Users").<List<String>>read("$.Resources[*].id")).containsExactly(id);

    String other = "Zo\u0308e" + suffix; // NFD first this time
    createUser(other);
    assertThat(scim.post("/Users", user("Z\u00f6e" + suffix)).status()).isEqualTo(409);
  }

  @Test
  void shouldLinkAUserNameToOneIdpProvisionedAccountWhicheverFormItIsSpelledIn() {
    // A create retried after a crash may spell the name in the other form: it must land on the
    // account the first attempt made, as it does for the same spelling.
    String first = createUser(nfd);
    String account = repository.find(orgId, ResourceKind.USER, first).orElseThrow().accountId();
    assertThat(scim.delete("/Users/" + first).status()).isEqualTo(204);

    String second = createUser(nfc);

    assertThat(account).startsWith(DirectoryLink.IDP_PREFIX);
    assertThat(repository.find(orgId, ResourceKind.USER, second).orElseThrow().accountId())
        .isEqualTo(account);
  }

  @Test
  void shouldStoreAndReturnTheNameAsSentAndFindItWithAFilterInEitherForm() {
    String id = createUser(nfd);

    assertThat(scim.get("/Users/" + id).<String>read("$.userName")).isEqualTo(nfd);
    for (String asked : List.of(nfc, nfd, nfc.toUpperCase(Locale.ROOT))) {
      var found = scim.get("/Users?filter=" + ScimHttp.q("userName eq \"" + asked + "\""));
      assertThat(found.<List<String>>read("$.Resources[*].id")).as(asked).containsExactly(id);
    }
    // Attributes without a lookup table compare in NFC too (the filter is evaluated in memory).
    var byEmail =
        scim.get(
            "/Users?filter=" + ScimHttp.q("emails[type eq \"work\"].value eq \"" + nfc + "\""));
    assertThat(byEmail.<List<String>>read("$.Resources[*].id")).containsExactly(id);
  }

  @Test
  void shouldRefuseTheSecondSpellingOfAGroupDisplayNameAndFindItInEitherForm() {
    String id = createGroup("Caf\u00e9 " + suffix);

    var second =
        scim.post(
            "/Groups",
            "{\"schemas\":[\"" + GROUP + "\"],\"displayName\":\"Cafe\u0301 " + suffix + "\"}");
    var found =
        scim.get("/Groups?filter=" + ScimHttp.q("displayName eq \"CAFE\u0301 " + suffix + "\""));

    assertThat(second.status()).as(second.body()).isEqualTo(409);
    assertThat(second.<String>read("$.scimType")).isEqualTo("uniqueness");
    assertThat(found.<List<String>>read("$.Resources[*].id")).containsExactly(id);
  }

  @Test
  void shouldRefuseARenameToAnotherUsersNameInAnotherFormAndAllowOneToItsOwn() {
    String first = createUser(nfc);
    String second = createUser(unique("second"));

    var taken =
        scim.patch(
            "/Users/" + second,
            patch("{\"op\":\"replace\",\"path\":\"userName\",\"value\":\"" + nfd + "\"}"));
    var own =
        scim.patch(
            "/Users/" + first,
            patch("{\"op\":\"replace\",\"path\":\"userName\",\"value\":\"" + nfd + "\"}"));

    assertThat(taken.status()).as(taken.body()).isEqualTo(409);
    assertThat(own.status()).as(own.body()).isEqualTo(200);
    assertThat(own.<String>read("$.userName")).isEqualTo(nfd);
    assertThat(claimRows("scim_names")).hasSize(2).contains(ScimRepository.nameKey(nfc));
  }

  /**
   * Claims taken before the NFC rule are keyed by the lower-cased name as sent. For the names IdPs
   * send (ASCII, and NFC text, whose lower case is NFC) that is the same key, so nothing changes;
   * no migration rewrites them. A non-NFC name claimed then (rewound to here by hand, as the old
   * code claimed it) keeps working: its old key is still checked by creates and filters of the same
   * spelling, its first write moves the claim to the NFC key, and a delete releases both.
   */
  @Test
  void shouldHonourAClaimTakenBeforeTheNfcRuleAndMoveItOnTheNextWrite() {
    String id = createUser(nfd);
    String legacy = nfd.strip().toLowerCase(Locale.ROOT);
    String key = ScimRepository.nameKey(nfd);
    assertThat(legacy).isNotEqualTo(key);
    repository.release(orgId, ResourceKind.USER, key, id);
    assertThat(repository.claim(orgId, ResourceKind.USER, legacy, id)).isEmpty();

    var found = scim.get("/Users?filter=" + ScimHttp.q("userName eq \"" + nfd + "\""));
    assertThat(found.<List<String>>read("$.Resources[*].id")).containsExactly(id);
    assertThat(scim.post("/Users", user(nfd)).status()).isEqualTo(409);
    assertThat(claimRows("scim_names")).containsExactly(legacy);

    var write =
        scim.patch(
            "/Users/" + id, patch("{\"op\":\"replace\",\"path\":\"title\",\"value\":\"Chef\"}"));

    assertThat(write.status()).as(write.body()).isEqualTo(200);
    assertThat(claimRows("scim_names")).containsExactly(key);
    assertThat(scim.post("/Users", user(nfc)).status()).isEqualTo(409);
    assertThat(scim.delete("/Users/" + id).status()).isEqualTo(204);
    assertThat(claimRows("scim_names")).isEmpty();
  }

  @Test
  void shouldReleaseAClaimTakenBeforeTheNfcRuleWhenItsUserIsDeleted() {
    String id = createUser(nfd);
    String legacy = nfd.strip().toLowerCase(Locale.ROOT);
    assertThat(legacy).as("the old key is another key").isNotEqualTo(ScimRepository.nameKey(nfd));
    repository.release(orgId, ResourceKind.USER, ScimRepository.nameKey(nfd), id);
    assertThat(repository.claim(orgId, ResourceKind.USER, legacy, id)).isEmpty();

    assertThat(scim.delete("/Users/" + id).status()).isEqualTo(204);

    assertThat(claimRows("scim_names")).isEmpty();
    assertThat(claimRows("scim_name_keys")).isEmpty();
    assertThat(scim.post("/Users", user(nfd)).status()).isEqualTo(201);
  }

  @Test
  void shouldKeepNfcAndAsciiNamesUnderTheKeyTheyHadBeforeTheRule() {
    for (String name : List.of("Ada.Lovelace@Example.com", nfc, "Ren\u00e9e M\u00fcller")) {
      assertThat(ScimRepository.nameKey(name))
          .as(name)
          .isEqualTo(name.strip().toLowerCase(Locale.ROOT));
    }
    assertThat(Normalizer.isNormalized(ScimRepository.nameKey(nfd), Form.NFC)).isTrue();
  }
}

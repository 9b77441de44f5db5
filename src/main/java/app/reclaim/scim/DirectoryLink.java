package app.reclaim.scim;

import app.reclaim.directory.AccountType;
import app.reclaim.directory.DirectoryGroup;
import app.reclaim.directory.DirectoryService;
import app.reclaim.directory.DirectoryUser;
import app.reclaim.directory.DirectoryWriter;
import app.reclaim.directory.GroupSource;
import app.reclaim.directory.UserStatus;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * SCIM resources mapped onto the directory. A SCIM user links to the directory account whose email
 * is its userName or one of its emails, or whose account id is its externalId; unknown users become
 * IdP-provisioned accounts ({@code idp:} + a name-based UUID of the lower-cased userName in Unicode
 * NFC, so a create retried after a crash lands on the same account whichever normalization form the
 * retry spells it in; unchanged for ASCII and NFC names, what IdPs send). {@code active=false}
 * suspends only those IdP-provisioned accounts and keeps every membership. SCIM groups are
 * IDP_SYNCED groups of the token's IdP, with the SCIM id as the group id.
 */
@Component
class DirectoryLink {

  static final String IDP_PREFIX = "idp:";
  private final DirectoryWriter writer;
  private final DirectoryService directory;

  DirectoryLink(DirectoryWriter writer, DirectoryService directory) {
    this.writer = writer;
    this.directory = directory;
  }

  /** The directory account for a SCIM user (linked or to create); writes nothing. */
  String accountFor(String orgId, ObjectNode body) {
    String externalId = body.path("externalId").asText(null);
    if (externalId != null && !writer.known(orgId, List.of(externalId)).isEmpty()) {
      return externalId;
    }
    for (String email : emails(body)) {
      // An exact, case-insensitive email match; several accounts with one email: the first by id.
      List<DirectoryUser> holders = writer.knownByEmail(orgId, email);
      if (!holders.isEmpty()) {
        return holders.get(0).accountId();
      }
    }
    String userName = body.path("userName").asText("");
    return IDP_PREFIX
        + UUID.nameUUIDFromBytes(
            Normalizer.normalize(userName.toLowerCase(Locale.ROOT), Normalizer.Form.NFC)
                .getBytes(StandardCharsets.UTF_8));
  }

  void upsertUser(String orgId, String accountId, ObjectNode body) {
    Optional<DirectoryUser> existing =
        Optional.ofNullable(writer.known(orgId, List.of(accountId)).get(accountId));
    boolean provisioned = accountId.startsWith(IDP_PREFIX);
    DirectoryUser user;
    if (existing.isPresent() && !provisioned) {
      DirectoryUser u = existing.get();
      user =
          new DirectoryUser(
              u.accountId(),
              u.name(),
              u.email(),
              u.accountType(),
              u.status(),
              u.managed(),
              u.orgAdmin(),
              true,
              u.addedToOrg(),
              u.productAccess(),
              u.lastActiveByProduct(),
              Set.of());
    } else {
      boolean active = !body.has("active") || body.get("active").asBoolean(true);
      List<String> emails = emails(body);
      user =
          new DirectoryUser(
              accountId,
              displayName(body),
              emails.isEmpty() ? null : emails.get(0),
              AccountType.ATLASSIAN,
              active ? UserStatus.ACTIVE : UserStatus.SUSPENDED,
              false,
              false,
              true,
              existing.map(DirectoryUser::addedToOrg).orElse(Instant.now()),
              Set.of(),
              Map.of(),
              Set.of());
    }
    // Memberships are not part of a user write: they change only through changeMembers, so a
    // concurrent group-member PATCH is never overwritten by this user's update.
    writer.upsertUserDetails(orgId, List.of(user));
  }

  /**
   * A deleted SCIM user: a provisioned account goes with its memberships; a linked Atlassian
   * account stays (Atlassian owns it) but leaves the SCIM groups and is no longer marked
   * IdP-synced.
   */
  void deleteUser(String orgId, String accountId, Collection<String> scimGroupIds) {
    if (accountId.startsWith(IDP_PREFIX)) {
      writer.deleteUsers(orgId, List.of(accountId));
      return;
    }
    DirectoryUser u = writer.known(orgId, List.of(accountId)).get(accountId);
    if (u == null) {
      return;
    }
    for (String groupId : scimGroupIds) {
      if (u.groupIds().contains(groupId)) {
        writer.removeMembers(orgId, groupId, List.of(accountId));
      }
    }
    writer.upsertUserDetails(
        orgId,
        List.of(
            new DirectoryUser(
                u.accountId(),
                u.name(),
                u.email(),
                u.accountType(),
                u.status(),
                u.managed(),
                u.orgAdmin(),
                false,
                u.addedToOrg(),
                u.productAccess(),
                u.lastActiveByProduct(),
                Set.of())));
  }

  void upsertGroup(String orgId, String groupId, ObjectNode body, String idpName) {
    writer.upsertGroups(
        orgId,
        List.of(
            new DirectoryGroup(
                groupId,
                body.path("displayName").asText(null),
                null,
                GroupSource.IDP_SYNCED,
                idpName,
                Map.of())));
  }

  void deleteGroup(String orgId, String groupId) {
    writer.deleteGroups(orgId, List.of(groupId));
  }

  void changeMembers(
      String orgId,
      String groupId,
      Collection<String> addAccounts,
      Collection<String> removeAccounts) {
    if (!removeAccounts.isEmpty()) {
      writer.removeMembers(orgId, groupId, removeAccounts);
    }
    if (!addAccounts.isEmpty()) {
      writer.addMembers(orgId, groupId, addAccounts);
    }
  }

  private static String displayName(ObjectNode body) {
    if (body.path("displayName").isTextual()) {
      return body.get("displayName").asText();
    }
    JsonNode name = body.path("name");
    if (name.path("formatted").isTextual()) {
      return name.get("formatted").asText();
    }
    String joined =
        (name.path("givenName").asText("") + " " + name.path("familyName").asText("")).strip();
    return joined.isEmpty() ? null : joined;
  }

  /** Candidate emails, work/primary first, then the userName when it looks like one. */
  static List<String> emails(ObjectNode body) {
    Set<String> out = new LinkedHashSet<>();
    for (JsonNode e : body.path("emails")) {
      if (e.path("primary").asBoolean(false)
          || "work".equalsIgnoreCase(e.path("type").asText(""))) {
        addEmail(out, e.path("value").asText(""));
      }
    }
    body.path("emails").forEach(e -> addEmail(out, e.path("value").asText("")));
    addEmail(out, body.path("userName").asText(""));
    return List.copyOf(out);
  }

  private static void addEmail(Set<String> out, String value) {
    if (value.contains("@") && value.length() <= 320) {
      out.add(value.strip());
    }
  }
}

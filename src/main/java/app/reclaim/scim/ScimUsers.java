package app.reclaim.scim;

import app.reclaim.support.LogPrivacy;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * SCIM Users: create, read, replace, patch, delete, each scoped to the token's org. Write order for
 * every change: claim the (new) userName with an LWT, write the resource with a compare-and-set on
 * its version, mirror to the directory, release the old name: a crash anywhere leaves at worst an
 * orphan claim, which the next claimant takes over.
 */
@Service
class ScimUsers {

  private static final Logger log = LoggerFactory.getLogger(ScimUsers.class);
  private static final int CAS_ATTEMPTS = 5;

  private final ScimRepository repository;
  private final NameClaims claims;
  private final DirectoryLink directory;
  private final LogPrivacy logPrivacy;

  ScimUsers(
      ScimRepository repository,
      NameClaims claims,
      DirectoryLink directory,
      LogPrivacy logPrivacy) {
    this.repository = repository;
    this.claims = claims;
    this.directory = directory;
    this.logPrivacy = logPrivacy;
  }

  StoredResource create(ScimClient client, JsonNode body, Preconditions preconditions) {
    ObjectNode shaped = ScimResources.inbound(ResourceKind.USER, body);
    String id = Representation.newId();
    if (claims
        .claim(client.orgId(), ResourceKind.USER, shaped.get("userName").asText(), id)
        .isPresent()) {
      preconditions.checkCreateOf("a user with this userName");
      throw ScimError.uniqueness("a user with this userName already exists");
    }
    String accountId = directory.accountFor(client.orgId(), shaped);
    Instant now = now();
    StoredResource created =
        new StoredResource(ResourceKind.USER, id, shaped, 1, accountId, now, now);
    directory.upsertUser(client.orgId(), accountId, shaped);
    repository.insert(client.orgId(), created);
    log.info(
        "org {}: SCIM user {} created (account {}) by token {}",
        client.orgId(),
        logPrivacy.id(client.orgId(), id),
        logPrivacy.id(client.orgId(), accountId),
        client.tokenId());
    return created;
  }

  StoredResource get(ScimClient client, String id) {
    return repository
        .find(client.orgId(), ResourceKind.USER, id)
        .orElseThrow(() -> ScimError.notFound("User", id));
  }

  StoredResource replace(ScimClient client, String id, JsonNode body, Preconditions preconditions) {
    ObjectNode shaped = ScimResources.inbound(ResourceKind.USER, body);
    if (body.path("id").isTextual() && !body.get("id").asText().equals(id)) {
      throw ScimError.badRequest("mutability", "id in the body does not match the URL");
    }
    return write(client, id, preconditions, current -> shaped);
  }

  StoredResource patch(ScimClient client, String id, JsonNode body, Preconditions preconditions) {
    List<ObjectNode> ops = PatchOps.parse(ResourceKind.USER, body, id);
    return write(
        client,
        id,
        preconditions,
        current -> {
          ObjectNode patched = PatchOps.apply(current.body(), ops);
          return ResourceShape.normalise(ResourceKind.USER, patched);
        });
  }

  void delete(ScimClient client, String id, Preconditions preconditions) {
    StoredResource current = get(client, id);
    preconditions.check(current);
    List<String> groups = repository.groupsOf(client.orgId(), id);
    for (String groupId : groups) {
      repository.removeMembers(client.orgId(), groupId, List.of(id));
    }
    repository.dropMemberOf(client.orgId(), id);
    directory.deleteUser(client.orgId(), current.accountId(), groups);
    repository.delete(client.orgId(), ResourceKind.USER, id);
    claims.releaseAll(client.orgId(), ResourceKind.USER, current);
    log.info(
        "org {}: SCIM user {} deleted (left {} groups) by token {}",
        client.orgId(),
        logPrivacy.id(client.orgId(), id),
        groups.size(),
        client.tokenId());
  }

  interface Change {
    ObjectNode apply(StoredResource current);
  }

  /**
   * Applies {@code change} with a compare-and-set on the version. A change that leaves the body as
   * it was writes nothing and keeps the version (and so the ETag): an IdP re-sending what it sent
   * before is not a new version. The directory mirror goes before the row: the row's new version is
   * the mark that the change is complete, so a retry after a crash in between, which finds the old
   * body, writes both again rather than finding nothing to do.
   */
  private StoredResource write(
      ScimClient client, String id, Preconditions preconditions, Change change) {
    for (int attempt = 0; attempt < CAS_ATTEMPTS; attempt++) {
      StoredResource current = get(client, id);
      preconditions.check(current);
      ObjectNode next = change.apply(current);
      if (next.equals(current.body())) {
        return current;
      }
      List<String> released =
          claims.claimFor(
              client.orgId(), ResourceKind.USER, current, next.get("userName").asText());
      StoredResource updated =
          new StoredResource(
              ResourceKind.USER,
              id,
              next,
              current.version() + 1,
              current.accountId(),
              current.created(),
              now());
      directory.upsertUser(client.orgId(), current.accountId(), next);
      if (!repository.update(client.orgId(), updated, current.version())) {
        continue;
      }
      claims.release(client.orgId(), ResourceKind.USER, id, released);
      log.info(
          "org {}: SCIM user {} updated to version {} by token {}",
          client.orgId(),
          logPrivacy.id(client.orgId(), id),
          updated.version(),
          client.tokenId());
      return updated;
    }
    // The mirror may hold a losing attempt's body: back to what is stored.
    StoredResource stored = get(client, id);
    directory.upsertUser(client.orgId(), stored.accountId(), stored.body());
    throw new ScimError(409, null, "the user is being changed concurrently: retry");
  }

  static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MILLIS);
  }
}

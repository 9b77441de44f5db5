package app.reclaim.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * SCIM Groups. A change is validated whole before any write (PATCH operations applied to an
 * in-memory copy, every new member checked to exist); one that changes nothing (the same name,
 * members who are members already, non-members removed) writes nothing and keeps the version. Then,
 * in order: the displayName claim (LWT), the name's directory mirror, the group row with a
 * compare-and-set on its version, the members' directory mirror, the membership rows (idempotent
 * inserts and deletes, in flight together: a 10,000-member PATCH cannot be one Cassandra batch;
 * each member's own row last), the old name's release. A crash leaves some of that unwritten; the
 * IdP retries a failed request, and the retry converges: adding a member twice or removing a
 * non-member changes nothing, and as the group row comes after its name's mirror and a member's row
 * after its own, a retry that the rows show as done has nothing left undone.
 */
@Service
class ScimGroups {

  private static final Logger log = LoggerFactory.getLogger(ScimGroups.class);
  private static final int CAS_ATTEMPTS = 5;

  private final ScimRepository repository;
  private final NameClaims claims;
  private final DirectoryLink directory;

  ScimGroups(ScimRepository repository, NameClaims claims, DirectoryLink directory) {
    this.repository = repository;
    this.claims = claims;
    this.directory = directory;
  }

  /**
   * A written group; {@code members} its members after the write as this writer knows them (the
   * rows it read before writing, changed), or null when the caller did not ask for them.
   */
  record Written(StoredResource group, int added, int removed, Map<String, String> members) {}

  Written create(ScimClient client, JsonNode body, Preconditions preconditions) {
    ObjectNode shaped = ScimResources.inbound(ResourceKind.GROUP, body);
    JsonNode members = shaped.remove("members");
    MemberChanges changes = new MemberChanges(Map::of);
    if (members != null) {
      changes.apply("add", "members", members);
    }
    Map<String, StoredResource> users = existingUsers(client, changes.toAdd().keySet());
    String id = Representation.newId();
    if (claims
        .claim(client.orgId(), ResourceKind.GROUP, shaped.get("displayName").asText(), id)
        .isPresent()) {
      preconditions.checkCreateOf("a group with this displayName");
      throw ScimError.uniqueness("a group with this displayName already exists");
    }
    var now = ScimUsers.now();
    StoredResource created = new StoredResource(ResourceKind.GROUP, id, shaped, 1, null, now, now);
    directory.upsertGroup(client.orgId(), id, shaped, client.idpName());
    repository.insert(client.orgId(), created);
    writeMembers(client, id, changes, users);
    log.info(
        "org {}: SCIM group {} created with {} members by token {}",
        client.orgId(),
        id,
        changes.toAdd().size(),
        client.tokenId());
    return new Written(created, changes.toAdd().size(), 0, changes.after());
  }

  StoredResource get(ScimClient client, String id) {
    return repository
        .find(client.orgId(), ResourceKind.GROUP, id)
        .orElseThrow(() -> ScimError.notFound("Group", id));
  }

  Map<String, String> members(ScimClient client, String id) {
    return repository.members(client.orgId(), id);
  }

  /** PUT; {@code withMembers}: the answer lists the members (see {@link Written}). */
  Written replace(
      ScimClient client,
      String id,
      JsonNode body,
      Preconditions preconditions,
      boolean withMembers) {
    ObjectNode shaped = ScimResources.inbound(ResourceKind.GROUP, body);
    JsonNode members = shaped.remove("members");
    return write(
        client,
        id,
        preconditions,
        withMembers,
        (current, changes) -> {
          // PUT replaces the whole member list (Okta AIW pushes membership this way).
          changes.apply("replace", "members", members == null ? shaped.arrayNode() : members);
          return shaped;
        });
  }

  /** PATCH; {@code withMembers}: the answer lists the members (see {@link Written}). */
  Written patch(
      ScimClient client,
      String id,
      JsonNode body,
      Preconditions preconditions,
      boolean withMembers) {
    List<ObjectNode> ops = PatchOps.parse(ResourceKind.GROUP, body, id);
    return write(
        client,
        id,
        preconditions,
        withMembers,
        (current, changes) -> {
          List<ObjectNode> others = new ArrayList<>();
          for (ObjectNode original : ops) {
            ObjectNode op = original.deepCopy();
            String verb = op.get("op").asText();
            String path = op.path("path").asText(null);
            if (MemberChanges.isMembersPath(path)) {
              changes.apply(verb, path, op.get("value"));
            } else if (path == null
                && op.get("value") instanceof ObjectNode value
                && value.has("members")) {
              changes.apply(verb, "members", value.remove("members"));
              if (!value.isEmpty()) {
                others.add(op);
              }
            } else {
              others.add(op);
            }
          }
          ObjectNode next =
              others.isEmpty() ? current.body() : PatchOps.apply(current.body(), others);
          next.remove("members");
          return ResourceShape.normalise(ResourceKind.GROUP, next);
        });
  }

  void delete(ScimClient client, String id, Preconditions preconditions) {
    StoredResource current = get(client, id);
    preconditions.check(current);
    Set<String> members = repository.members(client.orgId(), id).keySet();
    repository.removeMembers(client.orgId(), id, members);
    repository.dropGroupMembers(client.orgId(), id);
    directory.deleteGroup(client.orgId(), id);
    repository.delete(client.orgId(), ResourceKind.GROUP, id);
    claims.releaseAll(client.orgId(), ResourceKind.GROUP, current);
    log.info(
        "org {}: SCIM group {} deleted ({} members) by token {}",
        client.orgId(),
        id,
        members.size(),
        client.tokenId());
  }

  interface Change {
    ObjectNode apply(StoredResource current, MemberChanges changes);
  }

  private Written write(
      ScimClient client,
      String id,
      Preconditions preconditions,
      boolean withMembers,
      Change change) {
    for (int attempt = 0; attempt < CAS_ATTEMPTS; attempt++) {
      StoredResource current = get(client, id);
      preconditions.check(current);
      MemberChanges changes = new MemberChanges(() -> repository.members(client.orgId(), id));
      ObjectNode next = change.apply(current, changes);
      if (next.equals(current.body())
          && changes.changesNothing(ids -> repository.membersAmong(client.orgId(), id, ids))) {
        return new Written(current, 0, 0, withMembers ? changes.after() : null);
      }
      Map<String, StoredResource> users = existingUsers(client, changes.toAdd().keySet());
      // Before anything is written: the rows read are the ones this write changes.
      Map<String, String> answer = withMembers ? changes.after() : null;
      List<String> released =
          claims.claimFor(
              client.orgId(), ResourceKind.GROUP, current, next.get("displayName").asText());
      StoredResource updated =
          new StoredResource(
              ResourceKind.GROUP,
              id,
              next,
              current.version() + 1,
              null,
              current.created(),
              ScimUsers.now());
      if (!next.equals(current.body())) {
        directory.upsertGroup(client.orgId(), id, next, client.idpName());
      }
      if (!repository.update(client.orgId(), updated, current.version())) {
        continue;
      }
      writeMembers(client, id, changes, users);
      claims.release(client.orgId(), ResourceKind.GROUP, id, released);
      log.info(
          "org {}: SCIM group {} updated to version {} (+{} -{} members) by token {}",
          client.orgId(),
          id,
          updated.version(),
          changes.toAdd().size(),
          changes.toRemove().size(),
          client.tokenId());
      return new Written(updated, changes.toAdd().size(), changes.toRemove().size(), answer);
    }
    // The mirror may hold a losing attempt's name: back to what is stored.
    directory.upsertGroup(client.orgId(), id, get(client, id).body(), client.idpName());
    throw new ScimError(409, null, "the group is being changed concurrently: retry");
  }

  /**
   * The SCIM users behind member ids; any unknown id fails the request before anything is written.
   */
  private Map<String, StoredResource> existingUsers(ScimClient client, Set<String> ids) {
    if (ids.isEmpty()) {
      return Map.of();
    }
    Map<String, StoredResource> found = repository.findAll(client.orgId(), ResourceKind.USER, ids);
    if (found.size() != ids.size()) {
      Set<String> missing = new HashSet<>(ids);
      missing.removeAll(found.keySet());
      throw ScimError.invalidValue(
          missing.size()
              + " member(s) are not users of this organization,"
              + " e.g. "
              + missing.iterator().next());
    }
    return found;
  }

  /** The directory mirror first and the member rows last (see the class comment). */
  private void writeMembers(
      ScimClient client, String groupId, MemberChanges changes, Map<String, StoredResource> users) {
    Set<String> removed = changes.toRemove();
    Map<String, String> added = changes.toAdd();
    List<String> removedAccounts = new ArrayList<>();
    if (!removed.isEmpty()) {
      repository
          .findAll(client.orgId(), ResourceKind.USER, removed)
          .values()
          .forEach(u -> removedAccounts.add(u.accountId()));
    }
    List<String> addedAccounts = users.values().stream().map(StoredResource::accountId).toList();
    directory.changeMembers(client.orgId(), groupId, addedAccounts, removedAccounts);
    if (!removed.isEmpty()) {
      repository.removeMembers(client.orgId(), groupId, removed);
    }
    if (!added.isEmpty()) {
      repository.addMembers(client.orgId(), groupId, added);
    }
  }
}

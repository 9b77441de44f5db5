package app.reclaim.scim;

import app.reclaim.organizations.PersonalDataEraser;
import app.reclaim.organizations.PersonalDataErasure;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Erasure in the SCIM tables: each SCIM user linked to an erased account is deleted with everything
 * that names it: every userName claim it holds (also one its resource does not name yet, found in
 * scim_name_keys) with the listing rows of those names, then its rows in its groups' member lists
 * (which carry its display name), its reverse rows and its resource. The directory's own eraser
 * removes the account itself. An IdP that pushes the user again creates a new one.
 */
@Component
@Order(20)
class ScimEraser implements PersonalDataEraser {

  private final ScimRepository repository;

  ScimEraser(ScimRepository repository) {
    this.repository = repository;
  }

  @Override
  public Set<String> identifyingText(String orgId, Set<String> accountIds) {
    Set<String> texts = new HashSet<>();
    for (StoredResource r : linked(orgId, accountIds)) {
      JsonNode b = r.body();
      add(texts, b.path("userName"));
      add(texts, b.path("displayName"));
      add(texts, b.path("nickName"));
      add(texts, b.path("name").path("formatted"));
      String given = b.path("name").path("givenName").asText("");
      String family = b.path("name").path("familyName").asText("");
      texts.add((given + " " + family).strip());
      b.path("emails").forEach(e -> add(texts, e.path("value")));
    }
    return texts;
  }

  @Override
  public Map<String, Integer> erase(PersonalDataErasure erasure) {
    String orgId = erasure.orgId();
    int users = 0;
    int memberships = 0;
    List<StoredResource> linked = linked(orgId, erasure.accountIds());
    // Every claim these users hold, also ones their resources no longer name (a rename that
    // crashed after claiming), released before the resources go: a retry still finds them.
    Map<String, Set<String>> claims =
        repository.claimsOf(
            orgId,
            ResourceKind.USER,
            linked.stream().map(StoredResource::id).collect(java.util.stream.Collectors.toSet()));
    for (StoredResource r : linked) {
      for (String key : r.nameKeys()) {
        claims.computeIfAbsent(key, k -> new HashSet<>()).add(r.id());
      }
    }
    claims.forEach(
        (key, ids) -> {
          ids.forEach(id -> repository.release(orgId, ResourceKind.USER, key, id));
          repository.unlistUnheld(orgId, ResourceKind.USER, key);
        });
    for (StoredResource r : linked) {
      List<String> groups = repository.groupsOf(orgId, r.id());
      for (String groupId : groups) {
        repository.removeMembers(orgId, groupId, List.of(r.id()));
      }
      repository.dropMemberOf(orgId, r.id());
      repository.delete(orgId, ResourceKind.USER, r.id());
      users++;
      memberships += groups.size();
    }
    return Map.of("scimUsers", users, "scimMemberships", memberships);
  }

  /** The org's SCIM users linked to these accounts (the org's user resources, 16 partitions). */
  private List<StoredResource> linked(String orgId, Set<String> accountIds) {
    return repository.all(orgId, ResourceKind.USER).stream()
        .filter(r -> r.accountId() != null && accountIds.contains(r.accountId()))
        .toList();
  }

  private static void add(Set<String> texts, JsonNode value) {
    if (value.isTextual()) {
      texts.add(value.asText());
    }
  }
}

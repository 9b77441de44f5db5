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
 * that names it (its resource, its userName claim, its rows in its groups' member lists, which
 * carry its display name, and its reverse rows), in the order a SCIM DELETE uses. The directory's
 * own eraser removes the account itself. An IdP that pushes the user again creates a new one.
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
    for (StoredResource r : linked(orgId, erasure.accountIds())) {
      List<String> groups = repository.groupsOf(orgId, r.id());
      for (String groupId : groups) {
        repository.removeMembers(orgId, groupId, List.of(r.id()));
      }
      repository.dropMemberOf(orgId, r.id());
      repository.delete(orgId, ResourceKind.USER, r.id());
      repository.release(orgId, ResourceKind.USER, r.nameKey(), r.id());
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

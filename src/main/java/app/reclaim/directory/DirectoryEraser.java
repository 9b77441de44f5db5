package app.reclaim.directory;

import app.reclaim.organizations.PersonalDataEraser;
import app.reclaim.organizations.PersonalDataErasure;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Erasure in the directory: the users rows of the erased accounts (name, email, activity,
 * memberships) are deleted, through the writer, so the org's directory version moves on and every
 * instance's in-memory index drops them. First of the erasers, so no run planned afterwards matches
 * an erased user. Rows are read from Cassandra, not from this instance's index, which may lag
 * another instance's write by a refresh interval.
 */
@Component
@Order(10)
class DirectoryEraser implements PersonalDataEraser {

  private final DirectoryRepository repository;
  private final DirectoryWriter writer;

  DirectoryEraser(DirectoryRepository repository, DirectoryWriter writer) {
    this.repository = repository;
    this.writer = writer;
  }

  @Override
  public Set<String> identifyingText(String orgId, Set<String> accountIds) {
    Set<String> texts = new HashSet<>();
    for (DirectoryUser u : repository.findUsers(orgId, accountIds).values()) {
      if (u.name() != null) {
        texts.add(u.name());
      }
      if (u.email() != null) {
        texts.add(u.email());
      }
    }
    return texts;
  }

  @Override
  public Map<String, Integer> erase(PersonalDataErasure erasure) {
    Set<String> stored = repository.findUsers(erasure.orgId(), erasure.accountIds()).keySet();
    if (!stored.isEmpty()) {
      writer.deleteUsers(erasure.orgId(), stored);
    }
    return Map.of("directoryUsers", stored.size());
  }
}

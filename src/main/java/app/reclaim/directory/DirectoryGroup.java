package app.reclaim.directory;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A group of an org's directory: its source (and the IdP's name when synced) and the roles it
 * grants per product key (e.g. {@code jira-software → [atlassian/user]}).
 */
public record DirectoryGroup(
    String id,
    String name,
    String description,
    GroupSource source,
    String idpName,
    Map<String, Set<String>> roles) {

  public DirectoryGroup {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(source, "source");
    roles = roles == null ? Map.of() : Map.copyOf(roles);
  }

  /** Whether membership of this group gives access to {@code product}. */
  public boolean grants(String product) {
    Set<String> granted = roles.get(product);
    return granted != null && !granted.isEmpty();
  }
}

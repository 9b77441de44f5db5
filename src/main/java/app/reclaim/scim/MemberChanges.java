package app.reclaim.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.Path;
import com.unboundid.scim2.common.filters.EqualFilter;
import com.unboundid.scim2.common.filters.Filter;
import com.unboundid.scim2.common.utils.JsonUtils;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The membership part of a group PATCH or PUT, computed as a difference so only the rows that
 * change are written: adding one member to a 50,000-member group is one row, and the current member
 * list is read only when an operation needs it (replace, remove-all, a filter other than {@code
 * value eq}). Forms handled: {@code add members [...]}, {@code replace members [...]}, {@code
 * remove members} (empties), {@code remove members[value eq "id"]} (Okta, Entra with the flag),
 * Entra's legacy {@code remove members} with a value list, and {@code members} inside a path-less
 * add/replace value. Removing a non-member is a no-op, so a retried request converges; a request
 * whose changes the rows already show ({@link #changesNothing}) writes nothing.
 */
final class MemberChanges {

  /** Ids read first when checking for a change (one {@code IN} read of the group's partition). */
  static final int PROBE = 100;

  private final Supplier<Map<String, String>> currentLoader;
  private Map<String, String> current;
  private boolean clearAll;
  private final Map<String, String> added = new LinkedHashMap<>();
  private final Set<String> removed = new HashSet<>();

  MemberChanges(Supplier<Map<String, String>> currentLoader) {
    this.currentLoader = currentLoader;
  }

  static boolean isMembersPath(String path) {
    return path != null
        && path.strip()
            .toLowerCase(Locale.ROOT)
            .matches("(urn:ietf:params:scim:schemas:core:2\\.0:group:)?members(\\[.*)?");
  }

  void apply(String op, String path, JsonNode value) {
    Path parsed = PatchOps.parsePath(path);
    Filter filter = parsed.getElement(0).getValueFilter();
    if (filter != null) {
      if (!op.equals("remove")) {
        throw ScimError.badRequest("invalidPath", "only remove may target members with a filter");
      }
      removeMatching(filter);
      return;
    }
    switch (op) {
      case "add" -> add(value);
      case "replace" -> {
        clearAll = true;
        added.clear();
        removed.clear();
        add(value);
      }
      default -> {
        if (value != null && !value.isNull() && !(value.isArray() && value.isEmpty())) {
          for (JsonNode m : values(value)) {
            String id = memberId(m);
            removed.add(id);
            added.remove(id);
          }
        } else {
          clearAll = true;
          added.clear();
          removed.clear();
        }
      }
    }
  }

  private void add(JsonNode value) {
    for (JsonNode m : values(value)) {
      String id = memberId(m);
      String display =
          m.isObject() && m.path("display").isTextual() ? m.get("display").asText() : null;
      if (display != null) {
        ScimLimits.checkMember("members.display", display, ScimLimits.MEMBER_DISPLAY);
      }
      added.put(id, display);
      removed.remove(id);
    }
  }

  private void removeMatching(Filter filter) {
    if (filter instanceof EqualFilter eq
        && eq.getAttributePath().size() == 1
        && eq.getAttributePath().getElement(0).getAttribute().equalsIgnoreCase("value")
        && eq.getComparisonValue() != null
        && eq.getComparisonValue().isTextual()) {
      String id = eq.getComparisonValue().asText();
      ScimLimits.checkMember("members.value", id, ScimLimits.MEMBER_ID);
      removed.add(id);
      added.remove(id);
      return;
    }
    Map<String, String> candidates = new LinkedHashMap<>(clearAll ? Map.of() : current());
    candidates.putAll(added);
    candidates.forEach(
        (id, display) -> {
          ObjectNode member =
              JsonUtils.getJsonNodeFactory().objectNode().put("value", id).put("type", "User");
          if (display != null) {
            member.put("display", display);
          }
          if (ScimListing.matches(ResourceKind.GROUP, filter, member)) {
            removed.add(id);
            added.remove(id);
          }
        });
  }

  private static Iterable<JsonNode> values(JsonNode value) {
    if (value == null || value.isNull()) {
      throw ScimError.invalidValue("members needs a value");
    }
    return value.isArray() ? value : java.util.List.of(value);
  }

  /** A member's id: {@code {"value": id}} (Entra adds {@code "$ref":null}); a bare string too. */
  private static String memberId(JsonNode m) {
    JsonNode value = m.isObject() ? m.get("value") : m;
    if (value == null || !value.isTextual() || value.asText().isBlank()) {
      throw ScimError.invalidValue("each member needs a value (the member's id)");
    }
    ScimLimits.checkMember("members.value", value.asText(), ScimLimits.MEMBER_ID);
    return value.asText();
  }

  private Map<String, String> current() {
    if (current == null) {
      current = currentLoader.get();
    }
    return current;
  }

  /** Members to write (id → display). */
  Map<String, String> toAdd() {
    if (!clearAll) {
      return added;
    }
    Map<String, String> out = new LinkedHashMap<>(added);
    out.keySet().removeAll(current().keySet());
    return out;
  }

  /**
   * The members once these changes are written (id → display), in member id order as a read of the
   * rows gives them: the current rows (read now if not yet) with the changes applied, so a PATCH or
   * PUT answer needs no read-back of what it just wrote. A replace keeps the display of a member
   * who stays (its row is not rewritten); an add writes the display it names, or none.
   */
  Map<String, String> after() {
    Map<String, String> out = new TreeMap<>(current());
    if (clearAll) {
      out.keySet().retainAll(added.keySet());
      out.putAll(toAdd());
    } else {
      out.keySet().removeAll(removed);
      out.putAll(added);
    }
    return out;
  }

  Set<String> toRemove() {
    if (!clearAll) {
      return removed;
    }
    Set<String> out = new HashSet<>(current().keySet());
    out.removeAll(added.keySet());
    return out;
  }

  /**
   * Whether the rows already show every change named: each added id a member (with the same
   * display, or none given), no removed id one. {@code rows} reads the member rows among the ids it
   * is given. The first {@link #PROBE} ids are read alone: an id that is not yet a member settles
   * it, so a 10,000-member add costs one read here, and only a request that changes nothing (an
   * IdP's replay) has all its ids read. After a replace or a remove-all the whole list was read
   * anyway and the difference is exact.
   */
  boolean changesNothing(Function<List<String>, Map<String, String>> rows) {
    if (clearAll) {
      return toAdd().isEmpty() && toRemove().isEmpty();
    }
    List<String> ids = new ArrayList<>(added.keySet());
    ids.addAll(removed);
    int probe = Math.min(PROBE, ids.size());
    return shown(ids.subList(0, probe), rows) && shown(ids.subList(probe, ids.size()), rows);
  }

  private boolean shown(List<String> ids, Function<List<String>, Map<String, String>> rows) {
    if (ids.isEmpty()) {
      return true;
    }
    Map<String, String> present = current != null ? current : rows.apply(ids);
    for (String id : ids) {
      boolean member = present.containsKey(id);
      if (added.containsKey(id)) {
        String display = added.get(id);
        if (!member || (display != null && !display.equals(present.get(id)))) {
          return false;
        }
      } else if (member) {
        return false;
      }
    }
    return true;
  }
}

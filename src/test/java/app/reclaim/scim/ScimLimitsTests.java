package app.reclaim.scim;

import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.scim2.common.types.AttributeDefinition;
import com.unboundid.scim2.common.types.AttributeDefinition.Type;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The limits table in code is the one docs/scim-limits.md publishes, and it leaves out no string
 * attribute of the schemas /Schemas serves except those Reclaim never stores.
 */
class ScimLimitsTests {

  /** Never stored (docs/scim-limits.md says so next to each table), so never limited. */
  private static final Set<String> USER_NOT_STORED =
      Set.of(
          "password",
          "groups.value",
          "groups.$ref",
          "groups.display",
          "groups.type",
          ScimSchemas.ENTERPRISE + ":manager.$ref");

  private static final Set<String> GROUP_NOT_STORED = Set.of("members.$ref", "members.type");

  @Test
  void shouldPublishExactlyTheLimitsTheServerApplies() {
    assertThat(ScimLimits.USER_LENGTHS).isEqualTo(DocumentedLimits.of(ResourceKind.USER).lengths());
    assertThat(ScimLimits.USER_VALUES).isEqualTo(DocumentedLimits.of(ResourceKind.USER).values());
    assertThat(ScimLimits.GROUP_LENGTHS)
        .isEqualTo(DocumentedLimits.of(ResourceKind.GROUP).lengths());
    assertThat(DocumentedLimits.of(ResourceKind.GROUP).values()).isEmpty();
  }

  @Test
  void shouldLimitEveryStoredStringAttributeOfTheServedSchemas() {
    Set<String> user = strings("", ScimSchemas.USER_SCHEMA.getAttributes());
    user.addAll(
        strings(ScimSchemas.ENTERPRISE + ":", ScimSchemas.ENTERPRISE_SCHEMA.getAttributes()));
    user.add("externalId"); // a common attribute (RFC 7643 §3.1), not part of the schema
    Set<String> group = strings("", ScimSchemas.GROUP_SCHEMA.getAttributes());
    group.add("externalId");
    user.removeAll(USER_NOT_STORED);
    group.removeAll(GROUP_NOT_STORED);

    assertThat(new TreeSet<>(ScimLimits.USER_LENGTHS.keySet())).isEqualTo(user);
    assertThat(new TreeSet<>(ScimLimits.GROUP_LENGTHS.keySet())).isEqualTo(group);
  }

  @Test
  void shouldLimitTheNumberOfValuesOfEveryMultiValuedUserAttributeButGroups() {
    Set<String> multiValued = new TreeSet<>();
    ScimSchemas.USER_SCHEMA.getAttributes().stream()
        .filter(AttributeDefinition::isMultiValued)
        .forEach(a -> multiValued.add(a.getName()));
    multiValued.remove("groups");

    assertThat(new TreeSet<>(ScimLimits.USER_VALUES.keySet())).isEqualTo(multiValued);
  }

  private static Set<String> strings(String prefix, Collection<AttributeDefinition> attributes) {
    Set<String> out = new TreeSet<>();
    for (AttributeDefinition a : attributes) {
      if (a.getType() == Type.COMPLEX && a.getSubAttributes() != null) {
        for (AttributeDefinition sub : a.getSubAttributes()) {
          if (isText(sub)) {
            out.add(prefix + a.getName() + "." + sub.getName());
          }
        }
      } else if (isText(a)) {
        out.add(prefix + a.getName());
      }
    }
    return out;
  }

  private static boolean isText(AttributeDefinition a) {
    return a.getType() == Type.STRING
        || a.getType() == Type.REFERENCE
        || a.getType() == Type.BINARY;
  }
}

package app.reclaim.organizations;

import java.util.Map;
import java.util.Set;

/**
 * One module's part of a personal-data erasure: every module that stores something about an org's
 * end users implements it for its own tables (as a bean; {@code @Order} sets the sequence, the
 * directory first so no new run plans an erased user), and {@link PersonalDataErasures} calls each
 * for an erasure. Rows that exist only to describe the person are deleted; wherever else an erased
 * account id is stored (logs, audit fields, rule exclusions) it is replaced by the erasure's token,
 * and free text that quotes it (or the person's name or email) is scrubbed, so counts and
 * aggregates stay right without identity. Both methods must be idempotent: a second erasure of the
 * same accounts finds nothing left to change.
 */
public interface PersonalDataEraser {

  /**
   * Names and emails this module stores for these accounts, collected from every module before
   * anything is erased so that each can scrub them from free text (upstream messages, rule names).
   */
  default Set<String> identifyingText(String orgId, Set<String> accountIds) {
    return Set.of();
  }

  /**
   * Erases what this module stores about the erasure's accounts; the count of rows changed or
   * deleted under each of this module's names, every name present (0 when nothing), so that the
   * answer has one shape however often it is asked.
   */
  Map<String, Integer> erase(PersonalDataErasure erasure);
}

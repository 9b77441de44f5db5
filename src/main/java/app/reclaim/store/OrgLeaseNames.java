package app.reclaim.store;

import java.util.UUID;

/**
 * The names of the leases (control keyspace, {@link Leases}) that hold work on one org. Named here,
 * next to the {@link OrgPartitionCatalog} that lists them from the org's own rows, so that an
 * uninstall or a residency move can find (and wait for) every lease of an org without scanning the
 * lease table.
 */
public final class OrgLeaseNames {

  private OrgLeaseNames() {}

  /** The org's directory sync (one at a time). */
  public static String sync(String orgId) {
    return "sync:" + orgId;
  }

  /** A cleanup run of one rule (one run per rule at a time). */
  public static String cleanup(String orgId, String ruleId) {
    return "cleanup:" + orgId + ":" + ruleId;
  }

  /** A restore of one run. */
  public static String cleanupRestore(String orgId, UUID runId) {
    return "cleanup-restore:" + orgId + ":" + runId;
  }

  /** The copy of a residency move. */
  public static String residency(String orgId) {
    return "residency:" + orgId;
  }
}

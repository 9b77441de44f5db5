package app.reclaim.store;

import com.datastax.oss.driver.api.core.cql.Row;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every table that holds rows of an org, and how to list every partition of one org in it from the
 * org's own rows: the org id alone, fixed bucket numbers, or ids kept in the org's other partitions
 * (rule ids, run ids, SCIM ids). Never a scan of a region. Uninstall and residency moves work
 * through it, and {@code OrgPartitionCatalogIntegrationTests} fails when a keyspace's schema holds
 * a table this catalog does not cover, so a new migration cannot be forgotten here.
 *
 * <p>{@link #TABLES} is in purge order: a table comes before every table its partitions are derived
 * from (so a purge that stops halfway can be run again and still finds what is left), the SCIM
 * token hashes first (revoked before anything else goes) and the registry row last (a retry still
 * knows the org).
 */
public final class OrgPartitionCatalog {

  /** Partitions of an org's users: {@code floorMod(hash(account_id), 64)}. */
  public static final int USER_BUCKETS = 64;

  /** Partitions of an org's SCIM resources per resource type: {@code floorMod(hash(id), 16)}. */
  public static final int SCIM_BUCKETS = 16;

  /** The SCIM resource types stored in {@code scim_resources}. */
  public static final List<String> SCIM_RESOURCE_TYPES = List.of("User", "Group");

  /** Control tables that hold nothing of any org (the migrator's bookkeeping). */
  public static final Set<String> CONTROL_TABLES_WITHOUT_ORGS = Set.of("schema_versions");

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private OrgPartitionCatalog() {}

  public enum Scope {
    /** The control keyspace (routing only: registry, token hashes, leases, move state). */
    CONTROL,
    /** Each region keyspace (the org's end-user data). */
    REGION
  }

  /** What enumerations read: the org's own rows, by partition key. */
  public interface Source {

    String orgId();

    /** Rows of a keyspace-less query in the region keyspace being enumerated. */
    Iterable<Row> region(String cql, Object... values);
  }

  /** Lists the partition keys (values in partition-key column order) of one org in one table. */
  @FunctionalInterface
  public interface Enumerator {
    List<List<Object>> partitions(Source source);
  }

  /**
   * One table: its keyspace scope, partition key columns, the tables its partitions are derived
   * from, the column whose remaining TTL a copy keeps (tables with a default TTL), and how its
   * partitions are listed.
   */
  public record OrgTable(
      Scope scope,
      String name,
      List<String> partitionKey,
      List<String> derivedFrom,
      String ttlColumn,
      String how,
      Enumerator enumerator) {

    /** "control.leases" or "region.users". */
    public String qualifiedName() {
      return scope.name().toLowerCase(Locale.ROOT) + "." + name;
    }
  }

  public static final List<OrgTable> TABLES =
      List.of(
          control(
              "scim_tokens",
              List.of("token_hash"),
              List.of("scim_tokens"),
              "the hashes listed in the org's region scim_tokens rows",
              s ->
                  column(
                      s.region("SELECT token_hash FROM scim_tokens WHERE org_id = ?", s.orgId()))),
          control(
              "leases",
              List.of("name"),
              List.of("rules", "cleanup_runs"),
              "sync:<org>, residency:<org>, cleanup:<org>:<rule> for the org's rules and runs,"
                  + " cleanup-restore:<org>:<run> for its restore runs",
              OrgPartitionCatalog::leaseNames),
          region(
              "cleanup_items",
              List.of("org_id", "run_id", "bucket"),
              List.of("cleanup_runs"),
              "each run id of cleanup_runs, buckets 0 .. buckets-1, then on while a bucket holds rows",
              OrgPartitionCatalog::cleanupItemPartitions),
          byOrg("cleanup_runs"),
          region(
              "rule_versions",
              List.of("org_id", "rule_id"),
              List.of("rules"),
              "each rule id of rules (rules are soft-deleted, so every id stays listed)",
              s ->
                  withOrg(
                      s,
                      column(s.region("SELECT rule_id FROM rules WHERE org_id = ?", s.orgId())))),
          byOrg("rules"),
          byOrg("schedules"),
          region(
              "scim_members",
              List.of("org_id", "group_id"),
              List.of("scim_resources", "scim_member_of"),
              "each Group id of scim_resources, and each group id in the org's scim_member_of rows",
              OrgPartitionCatalog::scimMemberPartitions),
          region(
              "scim_member_of",
              List.of("org_id", "member_id"),
              List.of("scim_resources"),
              "each User id of scim_resources (members are users of the org)",
              s -> withOrg(s, scimIds(s, "User"))),
          region(
              "scim_names",
              List.of("org_id", "resource_type", "name_key"),
              List.of("scim_name_keys", "scim_resources"),
              "each name key listed in scim_name_keys, and the lower-cased userName / displayName"
                  + " of each resource of scim_resources",
              OrgPartitionCatalog::scimNamePartitions),
          region(
              "scim_name_keys",
              List.of("org_id", "resource_type", "bucket"),
              List.of(),
              "resource types User and Group, buckets 0.." + (SCIM_BUCKETS - 1),
              OrgPartitionCatalog::scimBuckets),
          region(
              "scim_resources",
              List.of("org_id", "resource_type", "bucket"),
              List.of(),
              "resource types User and Group, buckets 0.." + (SCIM_BUCKETS - 1),
              OrgPartitionCatalog::scimBuckets),
          byOrg("scim_tokens"),
          new OrgTable(
              Scope.REGION,
              "sync_jobs",
              List.of("org_id"),
              List.of(),
              "state",
              "the org id",
              OrgPartitionCatalog::orgOnly),
          byOrg("credentials"),
          byOrg("org_settings"),
          byOrg("dashboard_snapshots"),
          region(
              "users",
              List.of("org_id", "bucket"),
              List.of(),
              "buckets 0.." + (USER_BUCKETS - 1),
              s -> {
                List<List<Object>> out = new ArrayList<>();
                for (int b = 0; b < USER_BUCKETS; b++) {
                  out.add(List.of(s.orgId(), b));
                }
                return out;
              }),
          byOrg("groups"),
          byOrg("directory_state"),
          byOrg("org_profile"),
          new OrgTable(
              Scope.CONTROL,
              "residency_moves",
              List.of("org_id"),
              List.of(),
              null,
              "the org id",
              OrgPartitionCatalog::orgOnly),
          new OrgTable(
              Scope.CONTROL,
              "organizations",
              List.of("org_id"),
              List.of(),
              null,
              "the org id",
              OrgPartitionCatalog::orgOnly));

  /** The catalog's tables of one scope, in purge order. */
  public static List<OrgTable> tables(Scope scope) {
    return TABLES.stream().filter(t -> t.scope() == scope).toList();
  }

  /**
   * SCIM names are unique case-insensitively and whatever their Unicode normalization form: the
   * claim's key is the name in NFC, stripped, lower-cased, and in NFC again (lower-casing can undo
   * a composition, e.g. an upper-case Greek letter with two accents).
   */
  public static String scimNameKey(String name) {
    if (name == null) {
      return null;
    }
    String lower = Normalizer.normalize(name, Normalizer.Form.NFC).strip().toLowerCase(Locale.ROOT);
    return Normalizer.normalize(lower, Normalizer.Form.NFC);
  }

  /**
   * The key claims had before the NFC rule (the stripped, lower-cased name as sent): the same as
   * {@link #scimNameKey} for every name whose lower case is NFC, which is nearly all of them.
   */
  public static String legacyScimNameKey(String name) {
    return name == null ? null : name.strip().toLowerCase(Locale.ROOT);
  }

  private static OrgTable byOrg(String name) {
    return new OrgTable(
        Scope.REGION,
        name,
        List.of("org_id"),
        List.of(),
        null,
        "the org id",
        OrgPartitionCatalog::orgOnly);
  }

  private static OrgTable region(
      String name, List<String> key, List<String> from, String how, Enumerator enumerator) {
    return new OrgTable(Scope.REGION, name, key, from, null, how, enumerator);
  }

  private static OrgTable control(
      String name, List<String> key, List<String> from, String how, Enumerator enumerator) {
    return new OrgTable(Scope.CONTROL, name, key, from, null, how, enumerator);
  }

  private static List<List<Object>> orgOnly(Source s) {
    return List.of(List.of(s.orgId()));
  }

  private static List<List<Object>> column(Iterable<Row> rows) {
    List<List<Object>> out = new ArrayList<>();
    for (Row row : rows) {
      if (!row.isNull(0)) {
        out.add(List.of(row.getObject(0)));
      }
    }
    return out;
  }

  private static List<List<Object>> withOrg(Source s, List<List<Object>> keys) {
    return keys.stream().map(k -> (List<Object>) List.of(s.orgId(), k.get(0))).distinct().toList();
  }

  private static List<List<Object>> leaseNames(Source s) {
    String org = s.orgId();
    Set<String> names = new LinkedHashSet<>();
    names.add(OrgLeaseNames.sync(org));
    names.add(OrgLeaseNames.residency(org));
    for (Row rule : s.region("SELECT rule_id FROM rules WHERE org_id = ?", org)) {
      names.add(OrgLeaseNames.cleanup(org, rule.getUuid("rule_id").toString()));
    }
    for (Row run :
        s.region("SELECT rule_id, restores_run_id FROM cleanup_runs WHERE org_id = ?", org)) {
      if (run.getString("rule_id") != null) {
        names.add(OrgLeaseNames.cleanup(org, run.getString("rule_id")));
      }
      if (run.getUuid("restores_run_id") != null) {
        names.add(OrgLeaseNames.cleanupRestore(org, run.getUuid("restores_run_id")));
      }
    }
    return names.stream().map(n -> (List<Object>) List.<Object>of(n)).toList();
  }

  /**
   * Items fill buckets from seq 0 up. A run whose planning stopped halfway records no bucket count
   * yet may hold items, so after the recorded buckets the next ones are read until one is empty.
   */
  private static List<List<Object>> cleanupItemPartitions(Source s) {
    List<List<Object>> out = new ArrayList<>();
    for (Row run :
        s.region("SELECT run_id, buckets FROM cleanup_runs WHERE org_id = ?", s.orgId())) {
      UUID runId = run.getUuid("run_id");
      int recorded = run.isNull("buckets") ? 0 : run.getInt("buckets");
      int bucket = 0;
      for (; bucket < recorded; bucket++) {
        out.add(List.of(s.orgId(), runId, bucket));
      }
      while (s.region(
              "SELECT seq FROM cleanup_items WHERE org_id = ? AND run_id = ? AND bucket = ?"
                  + " LIMIT 1",
              s.orgId(),
              runId,
              bucket)
          .iterator()
          .hasNext()) {
        out.add(List.of(s.orgId(), runId, bucket));
        bucket++;
      }
    }
    return out;
  }

  private static List<List<Object>> scimIds(Source s, String type) {
    List<List<Object>> out = new ArrayList<>();
    for (int b = 0; b < SCIM_BUCKETS; b++) {
      out.addAll(
          column(
              s.region(
                  "SELECT id FROM scim_resources WHERE org_id = ? AND resource_type = ? AND bucket = ?",
                  s.orgId(),
                  type,
                  b)));
    }
    return out;
  }

  private static List<List<Object>> scimMemberPartitions(Source s) {
    Set<Object> groups = new LinkedHashSet<>();
    scimIds(s, "Group").forEach(k -> groups.add(k.get(0)));
    for (List<Object> user : scimIds(s, "User")) {
      column(
              s.region(
                  "SELECT group_id FROM scim_member_of WHERE org_id = ? AND member_id = ?",
                  s.orgId(),
                  user.get(0)))
          .forEach(k -> groups.add(k.get(0)));
    }
    return groups.stream().map(g -> (List<Object>) List.of(s.orgId(), g)).toList();
  }

  private static List<List<Object>> scimBuckets(Source s) {
    List<List<Object>> out = new ArrayList<>();
    for (String type : SCIM_RESOURCE_TYPES) {
      for (int b = 0; b < SCIM_BUCKETS; b++) {
        out.add(List.of(s.orgId(), type, b));
      }
    }
    return out;
  }

  /**
   * Claims listed in scim_name_keys (also those of crashed creates and renames), united with the
   * names the resources hold: claims taken before scim_name_keys existed (V013) have no listing
   * row.
   */
  private static List<List<Object>> scimNamePartitions(Source s) {
    List<List<Object>> out = new ArrayList<>();
    for (String type : SCIM_RESOURCE_TYPES) {
      String attribute = type.equals("User") ? "userName" : "displayName";
      Set<String> keys = new LinkedHashSet<>();
      for (int b = 0; b < SCIM_BUCKETS; b++) {
        for (Row row :
            s.region(
                "SELECT name_key FROM scim_name_keys WHERE org_id = ? AND resource_type = ?"
                    + " AND bucket = ?",
                s.orgId(),
                type,
                b)) {
          keys.add(row.getString("name_key"));
        }
        for (Row row :
            s.region(
                "SELECT body FROM scim_resources WHERE org_id = ? AND resource_type = ? AND bucket = ?",
                s.orgId(),
                type,
                b)) {
          JsonNode name = JSON.readTree(row.getString("body")).get(attribute);
          if (name != null && name.isString()) {
            keys.add(scimNameKey(name.asString()));
            keys.add(legacyScimNameKey(name.asString()));
          }
        }
      }
      keys.forEach(k -> out.add(List.of(s.orgId(), type, k)));
    }
    return out;
  }
}

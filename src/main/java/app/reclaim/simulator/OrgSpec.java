package app.reclaim.simulator;

import java.util.Locale;
import org.springframework.boot.context.properties.bind.ConstructorBinding;

/**
 * How to build one simulated org: its id, display name, seed (same seed, same org), size, number of
 * directories (1 = the centralized user-management experience, more = the original one), the realm
 * of its products, and the API key that authenticates it (null: a random key, except for the demo
 * org, whose key is {@link #DEMO_API_KEY}), and whether users' product access is keyed with the
 * alternate documented spellings ({@link #withAlternateProductKeys}, default off). Bound from
 * {@code reclaim.simulator.orgs[i].*}; absent numbers take the demo's defaults.
 */
public record OrgSpec(
    String id,
    String name,
    Long seed,
    Integer users,
    Integer groups,
    Integer directories,
    String realm,
    String apiKey,
    Boolean alternateProductKeys) {

  public static final String DEMO_ORG_ID = "demo";

  /**
   * The demo org's key: a fixed local string, not a secret; the simulator only listens on loopback.
   */
  public static final String DEMO_API_KEY = "simulator-demo-api-key";

  @ConstructorBinding
  public OrgSpec {
    id = id == null || id.isBlank() ? DEMO_ORG_ID : id.strip();
    if (!id.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,99}")) {
      throw new IllegalArgumentException(
          "reclaim.simulator.orgs: id must be 1-100 letters, digits, '.', '_' or '-'");
    }
    name = name == null || name.isBlank() ? "Simulated org " + id : name.strip();
    seed = seed == null ? 1L : seed;
    users = users == null ? 2_000 : users;
    groups = groups == null ? 60 : groups;
    directories = directories == null ? 1 : directories;
    realm = realm == null || realm.isBlank() ? "eu" : realm.strip().toLowerCase(Locale.ROOT);
    if (users < 0
        || users > 2_000_000
        || groups < 0
        || groups > 10_000
        || directories < 1
        || directories > 20) {
      throw new IllegalArgumentException(
          "reclaim.simulator.orgs: users 0-2000000, groups 0-10000, directories 1-20 (org "
              + id
              + ")");
    }
    apiKey =
        apiKey == null || apiKey.isBlank()
            ? (DEMO_ORG_ID.equals(id) ? DEMO_API_KEY : null)
            : apiKey;
    alternateProductKeys = alternateProductKeys != null && alternateProductKeys;
  }

  /** A spec with the documented product keys ({@link #alternateProductKeys} off). */
  public OrgSpec(
      String id,
      String name,
      Long seed,
      Integer users,
      Integer groups,
      Integer directories,
      String realm,
      String apiKey) {
    this(id, name, seed, users, groups, directories, realm, apiKey, false);
  }

  /** An org with one directory, products in realm {@code eu} and a random API key. */
  public static OrgSpec of(String id, long seed, int users, int groups) {
    return new OrgSpec(id, null, seed, users, groups, 1, null, null);
  }

  public OrgSpec withDirectories(int count) {
    return new OrgSpec(id, name, seed, users, groups, count, realm, apiKey, alternateProductKeys);
  }

  public OrgSpec withApiKey(String key) {
    return new OrgSpec(
        id, name, seed, users, groups, directories, realm, key, alternateProductKeys);
  }

  public OrgSpec withName(String displayName) {
    return new OrgSpec(
        id, displayName, seed, users, groups, directories, realm, apiKey, alternateProductKeys);
  }

  public OrgSpec withRealm(String productRealm) {
    return new OrgSpec(
        id, name, seed, users, groups, directories, productRealm, apiKey, alternateProductKeys);
  }

  /**
   * Users' {@code productAccess[].key} (v2) and {@code product_access[].key} (v1 last-active-dates)
   * use the other spellings the client documentation shows: {@code jira} for jira-software (jira.js
   * {@code userProductAccessModel.ts}), {@code jira-service-desk} for jira-servicedesk; the ARIs
   * ({@code id}, group role {@code resourceId}) and the workspaces' {@code typeKey} stay as they
   * are. A client that keys products by ARI sees the same org either way.
   */
  public OrgSpec withAlternateProductKeys(boolean alternate) {
    return new OrgSpec(id, name, seed, users, groups, directories, realm, apiKey, alternate);
  }
}

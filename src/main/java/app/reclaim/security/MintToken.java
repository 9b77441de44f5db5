package app.reclaim.security;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.convert.DurationStyle;

/**
 * {@code java -jar target/reclaim.jar mint-token ...}: prints one token signed with the local key
 * (generated first if there is none) and nothing else on standard output, so that {@code
 * TOKEN=$(java -jar target/reclaim.jar mint-token --org demo --role ADMIN)} just works. Runs before
 * Spring starts and needs no Cassandra.
 */
public final class MintToken {

  public static final String COMMAND = "mint-token";

  static final String USAGE =
      """
      usage: java -jar target/reclaim.jar mint-token --role ADMIN|VIEWER|PLATFORM [--org ID]
                 [--sub ACCOUNT] [--ttl 8h] [--keys DIR] [--issuer ISS] [--audience AUD]
        --role      ADMIN (read and act) or VIEWER (read) for the GraphQL API; PLATFORM for /platform
        --org       the org id the token is scoped to (required for ADMIN and VIEWER)
        --sub       the caller's account id (default: reclaim-cli)
        --ttl       lifetime, e.g. 30m, 8h, 7d (default: 8h)
        --keys      folder of the local signing key (default: .local/keys; created if absent)
        --issuer    iss claim (default: reclaim-local, as reclaim.security.jwt.issuer)
        --audience  aud claim (default: reclaim-api, or reclaim-platform for PLATFORM)""";

  private static final Set<String> OPTIONS =
      Set.of("role", "org", "sub", "ttl", "keys", "issuer", "audience");

  private MintToken() {}

  /**
   * Runs the command; returns the process exit code (0 printed a token, 2 bad arguments, 1
   * failure).
   */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    Map<String, String> options;
    Role role;
    Duration ttl;
    try {
      options = parse(args);
      role = role(options.get("role"));
      ttl = ttl(options.getOrDefault("ttl", "8h"));
      if (role != Role.PLATFORM && blank(options.get("org"))) {
        throw new IllegalArgumentException("--org is required for " + role + " tokens");
      }
    } catch (IllegalArgumentException e) {
      err.println("reclaim mint-token: " + e.getMessage());
      err.println(USAGE);
      return 2;
    }
    if (role == Role.PLATFORM && options.containsKey("org")) {
      err.println("reclaim mint-token: --org ignored: platform tokens are not tied to an org");
    }
    try {
      var key =
          LocalKeys.loadOrCreate(
              Path.of(options.getOrDefault("keys", SecurityProperties.DEFAULT_LOCAL_KEY_DIR)));
      var jwt = new SecurityProperties.Jwt(null, options.get("issuer"), null, null, null);
      String audience = options.getOrDefault("audience", LocalTokens.audienceFor(role, jwt));
      String token =
          new TokenIssuer(key, jwt.issuer(), Clock.systemUTC())
              .mint(
                  audience,
                  role == Role.PLATFORM ? null : options.get("org").strip(),
                  options.getOrDefault("sub", "reclaim-cli"),
                  role,
                  ttl);
      out.println(token);
      return 0;
    } catch (RuntimeException e) {
      err.println("reclaim mint-token: " + e.getMessage());
      return 1;
    }
  }

  private static Map<String, String> parse(String[] args) {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument '" + arg + "'");
      }
      String name = arg.substring(2);
      String value;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      } else if (i + 1 < args.length) {
        value = args[++i];
      } else {
        throw new IllegalArgumentException("--" + name + " needs a value");
      }
      if (!OPTIONS.contains(name)) {
        throw new IllegalArgumentException("unknown option --" + name);
      }
      if (blank(value)) {
        throw new IllegalArgumentException("--" + name + " needs a value");
      }
      options.put(name, value);
    }
    return options;
  }

  private static Role role(String value) {
    if (blank(value)) {
      throw new IllegalArgumentException("--role is required");
    }
    try {
      return Role.valueOf(value.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--role must be ADMIN, VIEWER or PLATFORM");
    }
  }

  private static Duration ttl(String value) {
    Duration ttl;
    try {
      ttl = DurationStyle.detectAndParse(value.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--ttl must be a duration such as 30m, 8h or 7d");
    }
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("--ttl must be positive");
    }
    return ttl;
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }
}

package app.reclaim.cleanup;

import app.reclaim.GraphQlHttp;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code startCleanup} as an admin who confirms the count the blast-radius guard asks for, the way
 * a client shows the count and resends it: for tests whose subject is what a run does, not the
 * guard (CleanupSafetyIntegrationTests tests the guard). Only a {@code BLAST_RADIUS_EXCEEDED}
 * refusal is answered; any other answer is returned as it came.
 */
public final class ConfirmedStart {

  public static final String START =
      "mutation($input: StartCleanupInput!) { startCleanup(input: $input) {"
          + " run { id state mode ruleId ruleVersion } userErrors { field code message }"
          + " blastRadius { actingUsers limit exceeded } } }";

  private ConfirmedStart() {}

  public static GraphQlHttp.Response post(GraphQlHttp admin, String ruleId, String mode) {
    Map<String, Object> input = new HashMap<>(Map.of("ruleId", ruleId, "mode", mode));
    GraphQlHttp.Response response = admin.post(START, Map.of("input", input));
    List<String> codes = response.read("$.data.startCleanup.userErrors[*].code");
    if (!codes.equals(List.of("BLAST_RADIUS_EXCEEDED"))) {
      return response;
    }
    input.put("confirmCount", response.read("$.data.startCleanup.blastRadius.actingUsers"));
    return admin.post(START, Map.of("input", input));
  }
}

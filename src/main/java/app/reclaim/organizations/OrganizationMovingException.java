package app.reclaim.organizations;

import app.reclaim.support.ErrorCode;
import app.reclaim.support.ReclaimException;

/**
 * A write to an org whose data is being moved to another residency region: refused (GraphQL {@code
 * extensions.code} ORGANIZATION_MOVING, SCIM 503), never queued, until the move is committed or
 * rolled back.
 */
public class OrganizationMovingException extends ReclaimException {

  private final String orgId;

  public OrganizationMovingException(String orgId, String migrationId) {
    super(
        ErrorCode.ORGANIZATION_MOVING,
        "organization "
            + orgId
            + " is moving to another data-residency region (residency move "
            + migrationId
            + "): its data can be read but not changed until the move is committed or rolled"
            + " back; retry later");
    this.orgId = orgId;
  }

  public String orgId() {
    return orgId;
  }
}

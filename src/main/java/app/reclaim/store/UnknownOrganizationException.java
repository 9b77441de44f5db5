package app.reclaim.store;

import app.reclaim.support.ErrorCode;
import app.reclaim.support.ReclaimException;

/** No installed org has this id, so there is no keyspace to route its statements to. */
public class UnknownOrganizationException extends ReclaimException {

  public UnknownOrganizationException(String orgId) {
    super(ErrorCode.NOT_FOUND, "organization not installed: " + orgId);
  }
}

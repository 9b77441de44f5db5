package app.reclaim.store;

import app.reclaim.support.ErrorCode;
import app.reclaim.support.ReclaimException;
import java.util.List;

/** A region that is not in {@code reclaim.store.regions}; the message lists the valid ones. */
public class UnknownRegionException extends ReclaimException {

  private final List<String> validRegions;

  public UnknownRegionException(String region, List<String> validRegions) {
    super(
        ErrorCode.BAD_USER_INPUT,
        "unknown region '" + region + "'; valid regions: " + String.join(", ", validRegions));
    this.validRegions = List.copyOf(validRegions);
  }

  public List<String> validRegions() {
    return validRegions;
  }
}

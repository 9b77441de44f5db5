package app.reclaim.cleanup;

import app.reclaim.directory.DirectoryUser;
import app.reclaim.directory.DirectoryWriter;
import app.reclaim.directory.UserStatus;
import app.reclaim.rules.PlannedOperation;
import app.reclaim.support.LogPrivacy;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reflects a DONE action in the directory mirror, so reads and later runs see it before the next
 * sync. A failure here does not undo the action: the item stays DONE and the next sync repairs the
 * mirror.
 */
final class MirrorUpdates {

  private static final Logger log = LoggerFactory.getLogger(MirrorUpdates.class);
  private final DirectoryWriter writer;
  private final LogPrivacy logPrivacy;

  MirrorUpdates(DirectoryWriter writer, LogPrivacy logPrivacy) {
    this.writer = writer;
    this.logPrivacy = logPrivacy;
  }

  void reflect(String orgId, CleanupItem item, DirectoryUser seen) {
    try {
      if (item.kind() == PlannedOperation.Kind.SUSPEND) {
        DirectoryUser u =
            writer.known(orgId, List.of(item.accountId())).getOrDefault(item.accountId(), seen);
        if (u != null && u.status() != UserStatus.SUSPENDED) {
          writer.upsertUsers(
              orgId,
              List.of(
                  new DirectoryUser(
                      u.accountId(),
                      u.name(),
                      u.email(),
                      u.accountType(),
                      UserStatus.SUSPENDED,
                      u.managed(),
                      u.orgAdmin(),
                      u.idpSynced(),
                      u.addedToOrg(),
                      u.productAccess(),
                      u.lastActiveByProduct(),
                      u.groupIds())));
        }
      } else {
        writer.removeMembers(orgId, item.groupId(), List.of(item.accountId()));
      }
    } catch (RuntimeException e) {
      log.warn(
          "cleanup: reflecting item {} ({}) of account {} in the mirror of org {} failed: {}",
          item.seq(),
          item.kind(),
          logPrivacy.id(orgId, item.accountId()),
          orgId,
          logPrivacy.exception(orgId, e).getMessage());
    }
  }
}

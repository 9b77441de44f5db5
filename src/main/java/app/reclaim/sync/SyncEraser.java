package app.reclaim.sync;

import app.reclaim.organizations.PersonalDataEraser;
import app.reclaim.organizations.PersonalDataErasure;
import java.util.Map;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Erasure in the sync jobs: an upstream error message kept on a job (which may quote an account id,
 * a name or an email) is scrubbed; nothing else there names a user.
 */
@Component
@Order(70)
class SyncEraser implements PersonalDataEraser {

  private final SyncJobRepository jobs;

  SyncEraser(SyncJobRepository jobs) {
    this.jobs = jobs;
  }

  @Override
  public Map<String, Integer> erase(PersonalDataErasure erasure) {
    int changed = 0;
    for (var e : jobs.errorMessages(erasure.orgId()).entrySet()) {
      String message = e.getValue().message();
      if (erasure.mentions(message)) {
        jobs.setErrorMessage(
            erasure.orgId(), e.getKey(), erasure.scrub(message), e.getValue().ttlSeconds());
        changed++;
      }
    }
    return Map.of("syncJobs", changed);
  }
}

package app.reclaim.schedules;

import app.reclaim.organizations.PersonalDataEraser;
import app.reclaim.organizations.PersonalDataErasure;
import java.util.Map;
import java.util.Optional;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Erasure in the schedules: a schedule last saved by an erased admin names the erasure's token, and
 * names or emails quoted in its name are scrubbed (an LWT on what was read; re-read on a conflict).
 */
@Component
@Order(50)
class SchedulesEraser implements PersonalDataEraser {

  private static final int ATTEMPTS = 5;
  private final ScheduleRepository repository;

  SchedulesEraser(ScheduleRepository repository) {
    this.repository = repository;
  }

  @Override
  public Map<String, Integer> erase(PersonalDataErasure erasure) {
    int changed = 0;
    for (Schedule s : repository.all(erasure.orgId())) {
      Optional<Schedule> current = Optional.of(s);
      for (int attempt = 0; attempt < ATTEMPTS && current.isPresent(); attempt++) {
        Schedule read = current.get();
        if (!erasure.erases(read.updatedBy()) && !erasure.mentions(read.name())) {
          break;
        }
        if (repository.erase(read, erasure.scrub(read.name()), erasure.token(read.updatedBy()))) {
          changed++;
          break;
        }
        current = repository.find(read.orgId(), read.id());
      }
    }
    return Map.of("schedules", changed);
  }
}

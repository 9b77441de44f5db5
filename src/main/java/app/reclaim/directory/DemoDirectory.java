package app.reclaim.directory;

import app.reclaim.organizations.DemoProperties;
import app.reclaim.organizations.InstallOrganization;
import app.reclaim.organizations.OrganizationProfile;
import app.reclaim.organizations.OrganizationProfiles;
import app.reclaim.organizations.OrganizationService;
import java.time.Clock;
import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Fills the demo org's directory with a deterministic synthetic one (by default 2,000 users and 60
 * groups; benchmarks ask for more) through
 * the write API, once, when it is empty. Directory sync from the simulator replaces this.
 */
@Component
@ConditionalOnBooleanProperty("reclaim.demo.enabled")
class DemoDirectory {

  private static final Logger log = LoggerFactory.getLogger(DemoDirectory.class);

  private final OrganizationService organizations;
  private final OrganizationProfiles profiles;
  private final DirectoryWriter writer;
  private final DirectoryIndex index;
  private final DemoProperties demo;
  private final Clock clock;
  private final DemoDirectoryProperties size;

  DemoDirectory(OrganizationService organizations, OrganizationProfiles profiles,
      DirectoryWriter writer, DirectoryIndex index, DemoProperties demo, Clock clock,
      DemoDirectoryProperties size) {
    this.size = size;
    this.organizations = organizations;
    this.profiles = profiles;
    this.writer = writer;
    this.index = index;
    this.demo = demo;
    this.clock = clock;
  }

  @EventListener(ApplicationReadyEvent.class)
  void load() {
    // Idempotent: the organizations module's demo listener may or may not have run first.
    organizations.install(new InstallOrganization(demo.orgId(), demo.name(), demo.region()));
    if (index.get(demo.orgId()).size() > 0) {
      return;
    }
    long start = System.nanoTime();
    var directory = SyntheticDirectory.generate(2026, size.users(), size.groups(), clock.instant());
    writer.upsertGroups(demo.orgId(), directory.groups());
    writer.upsertUsers(demo.orgId(), directory.users());
    profiles.update(demo.orgId(), new OrganizationProfile(OrganizationProfile.UserManagement.CENTRALIZED,
        new HashSet<>(SyntheticDirectory.MANAGED_DOMAINS), Set.copyOf(SyntheticDirectory.PRODUCTS)));
    log.info("demo directory loaded: {} users, {} groups in {} ms", size.users(), size.groups(),
        (System.nanoTime() - start) / 1_000_000);
  }
}

package app.reclaim.notifications;

import app.reclaim.cleanup.CleanupRun;
import app.reclaim.cleanup.CleanupService;
import app.reclaim.organizations.CredentialsService;
import app.reclaim.organizations.CredentialsStatus;
import app.reclaim.organizations.SettingsService;
import app.reclaim.security.Caller;
import app.reclaim.support.ErrorCode;
import app.reclaim.support.ReclaimException;
import app.reclaim.sync.DirectorySync;
import app.reclaim.sync.SyncJob;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import reactor.core.publisher.BufferOverflowStrategy;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The {@code organizationEvents} of an org, derived from Cassandra: each instance keeps one feed
 * per org with subscribers, which reads the org's latest cleanup runs and sync jobs every poll
 * interval (two single-partition reads, whatever the number of subscribers) and its credentials'
 * expiry less often, and emits what changed since the previous read. Runs and jobs that already
 * existed when the feed started are watched for their end but not announced as started; credentials
 * expiring within the org's notification window ({@code
 * settings.notifications.credentialsExpiringDays}) are told to each new subscriber first, and again
 * to everyone when the days left change.
 */
@Service
public class OrganizationEvents {

  private static final Logger log = LoggerFactory.getLogger(OrganizationEvents.class);
  private static final int SUBSCRIBER_BUFFER = 256;

  private final CleanupService cleanup;
  private final DirectorySync sync;
  private final CredentialsService credentials;
  private final SettingsService settings;
  private final NotificationsProperties properties;
  private final Clock clock;
  private final Map<String, Flux<OrganizationEvent>> feeds = new ConcurrentHashMap<>();

  OrganizationEvents(
      CleanupService cleanup,
      DirectorySync sync,
      CredentialsService credentials,
      SettingsService settings,
      NotificationsProperties properties,
      Clock clock) {
    this.cleanup = cleanup;
    this.sync = sync;
    this.credentials = credentials;
    this.settings = settings;
    this.properties = properties;
    this.clock = clock;
  }

  /** The caller's org's events from now on (first, credentials expiring if they are). */
  public Flux<OrganizationEvent> events(Caller caller) {
    String orgId = Caller.require(caller).orgId();
    // Read before anything is subscribed: an org this instance cannot resolve fails here.
    Optional<OrganizationEvent> expiring = expiring(orgId);
    Flux<OrganizationEvent> feed = feeds.computeIfAbsent(orgId, this::feed);
    // merge subscribes to the feed first, so the feed's baseline is taken before the first event.
    return Flux.merge(feed, Mono.justOrEmpty(expiring))
        .onBackpressureBuffer(SUBSCRIBER_BUFFER, dropped -> {}, BufferOverflowStrategy.DROP_OLDEST);
  }

  /** Whether this instance has a live feed for the org (it has subscribers here). */
  boolean hasFeed(String orgId) {
    return feeds.containsKey(orgId);
  }

  private Flux<OrganizationEvent> feed(String orgId) {
    @SuppressWarnings("unchecked")
    Flux<OrganizationEvent>[] self = new Flux[1];
    self[0] =
        Flux.defer(
                () -> {
                  Feed feed = new Feed(orgId);
                  return Flux.interval(properties.pollInterval(), properties.pollInterval())
                      .onBackpressureDrop()
                      .concatMap(
                          tick ->
                              Mono.fromCallable(feed::poll)
                                  .subscribeOn(Schedulers.boundedElastic())
                                  .onErrorResume(
                                      e ->
                                          !(e instanceof ReclaimException r
                                              && r.code() == ErrorCode.NOT_FOUND),
                                      e -> {
                                        log.warn(
                                            "organization events of org {}: read failed ({}),"
                                                + " retrying next poll",
                                            orgId,
                                            e.getClass().getSimpleName());
                                        return Mono.just(List.of());
                                      }),
                          1)
                      .concatMapIterable(events -> events);
                })
            .doFinally(signal -> feeds.remove(orgId, self[0]))
            .publish()
            .refCount();
    return self[0];
  }

  private Optional<OrganizationEvent> expiring(String orgId) {
    CredentialsStatus status = credentials.status(orgId);
    if (!inWindow(orgId, status)) {
      return Optional.empty();
    }
    return Optional.of(OrganizationEvent.credentialsExpiring(status, clock.instant()));
  }

  private boolean inWindow(String orgId, CredentialsStatus status) {
    return status.configured()
        && status.expiresInDays() != null
        && status.expiresInDays() <= settings.get(orgId).notifications().credentialsExpiringDays();
  }

  /** One org's feed on this instance: what it has seen of the org's runs, jobs and credentials. */
  private final class Feed {

    private enum Seen {
      WATCHING,
      ENDED
    }

    private final String orgId;
    private final Map<UUID, Seen> runs = new HashMap<>();
    private final Map<UUID, Seen> jobs = new HashMap<>();
    private String credentialsTold;
    private Instant credentialsCheckedAt;

    Feed(String orgId) {
      this.orgId = orgId;
      for (CleanupRun run : cleanup.recentRuns(orgId, properties.recentRuns())) {
        runs.put(run.id(), run.running() ? Seen.WATCHING : Seen.ENDED);
      }
      for (SyncJob job : sync.recentJobs(orgId, properties.recentSyncs())) {
        jobs.put(job.id(), ended(job) ? Seen.ENDED : Seen.WATCHING);
      }
      CredentialsStatus status = credentials.status(orgId);
      credentialsTold = inWindow(orgId, status) ? credentialsKey(status) : null;
      credentialsCheckedAt = clock.instant();
    }

    List<OrganizationEvent> poll() {
      List<OrganizationEvent> out = new ArrayList<>();
      runs(out);
      jobs(out);
      credentials(out);
      return out;
    }

    private void runs(List<OrganizationEvent> out) {
      List<CleanupRun> recent = new ArrayList<>(cleanup.recentRuns(orgId, properties.recentRuns()));
      Set<UUID> present = new HashSet<>();
      Collections.reverse(recent);
      for (CleanupRun run : recent) {
        present.add(run.id());
        Seen seen = runs.get(run.id());
        if (seen == null) {
          out.add(OrganizationEvent.runStarted(run));
        }
        if (seen != Seen.ENDED && !run.running()) {
          out.add(OrganizationEvent.runFinished(run));
          if (run.blocked()) {
            out.add(OrganizationEvent.runBlocked(run));
          }
        }
        runs.put(run.id(), run.running() ? Seen.WATCHING : Seen.ENDED);
      }
      runs.keySet().retainAll(present);
    }

    private void jobs(List<OrganizationEvent> out) {
      List<SyncJob> recent = new ArrayList<>(sync.recentJobs(orgId, properties.recentSyncs()));
      Set<UUID> present = new HashSet<>();
      Collections.reverse(recent);
      for (SyncJob job : recent) {
        present.add(job.id());
        if (jobs.get(job.id()) != Seen.ENDED && ended(job)) {
          out.add(OrganizationEvent.syncFinished(job));
        }
        jobs.put(job.id(), ended(job) ? Seen.ENDED : Seen.WATCHING);
      }
      jobs.keySet().retainAll(present);
    }

    private void credentials(List<OrganizationEvent> out) {
      Instant now = clock.instant();
      if (now.isBefore(credentialsCheckedAt.plus(properties.credentialsCheckInterval()))) {
        return;
      }
      credentialsCheckedAt = now;
      CredentialsStatus status = credentials.status(orgId);
      String key = inWindow(orgId, status) ? credentialsKey(status) : null;
      if (key != null && !key.equals(credentialsTold)) {
        out.add(OrganizationEvent.credentialsExpiring(status, now));
      }
      credentialsTold = key;
    }

    private static boolean ended(SyncJob job) {
      return job.state() != SyncJob.State.RUNNING;
    }

    private static String credentialsKey(CredentialsStatus status) {
      return status.expiresOn() + "/" + status.expiresInDays();
    }
  }
}

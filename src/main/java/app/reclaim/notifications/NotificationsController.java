package app.reclaim.notifications;

import app.reclaim.security.Caller;
import org.springframework.graphql.data.method.annotation.ContextValue;
import org.springframework.graphql.data.method.annotation.SubscriptionMapping;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Flux;

/** The {@code organizationEvents} subscription. */
@Controller
class NotificationsController {

  private final OrganizationEvents events;

  NotificationsController(OrganizationEvents events) {
    this.events = events;
  }

  @SubscriptionMapping
  Flux<OrganizationEvent> organizationEvents(
      @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
    return events.events(caller);
  }
}

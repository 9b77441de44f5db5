package app.reclaim.organizations;

import app.reclaim.security.Caller;
import java.util.List;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.ContextValue;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.stereotype.Controller;

@Controller
class SettingsController {

  private final SettingsService settings;

  SettingsController(SettingsService settings) {
    this.settings = settings;
  }

  record SeatPrice(String product, String monthlyPrice) {}

  record ActivityBands(int activeWithinDays, int lowUseWithinDays) {}

  @QueryMapping
  OrganizationSettings settings(
      @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
    return settings.settings(caller);
  }

  @MutationMapping
  SettingsService.UpdateSettingsPayload updateSettings(
      @Argument SettingsService.UpdateSettingsInput input,
      @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
    return settings.update(caller, input);
  }

  @SchemaMapping(typeName = "Settings", field = "seatPrices")
  List<SeatPrice> seatPrices(OrganizationSettings s) {
    return s.seatPrices().entrySet().stream()
        .sorted(java.util.Map.Entry.comparingByKey())
        .map(e -> new SeatPrice(e.getKey(), e.getValue().toPlainString()))
        .toList();
  }

  @SchemaMapping(typeName = "Settings", field = "activityBands")
  ActivityBands activityBands(OrganizationSettings s) {
    return new ActivityBands(s.activeWithinDays(), s.lowUseWithinDays());
  }

  @SchemaMapping(typeName = "Settings", field = "dailySyncTime")
  String dailySyncTime(OrganizationSettings s) {
    return s.dailySyncTime().toString();
  }

  @SchemaMapping(typeName = "Settings", field = "protectedAccounts")
  List<String> protectedAccounts(OrganizationSettings s) {
    return s.protectedAccounts().stream().sorted().toList();
  }

  @SchemaMapping(typeName = "Settings", field = "protectedGroups")
  List<String> protectedGroups(OrganizationSettings s) {
    return s.protectedGroups().stream().sorted().toList();
  }
}

package app.reclaim.organizations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.reclaim.IntegrationTest;
import app.reclaim.store.UnknownOrganizationException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class OrganizationInstallIntegrationTests extends IntegrationTest {

  @Autowired OrganizationService organizations;

  @Test
  void shouldInstallAndFindAnOrgPinnedToItsRegion() {
    String orgId = freshOrgId();
    var installation = organizations.install(new InstallOrganization(orgId, "  Acme  ", "de"));

    assertThat(installation.created()).isTrue();
    var found = organizations.find(orgId).orElseThrow();
    assertThat(found.name()).isEqualTo("Acme");
    assertThat(found.region()).isEqualTo("de");
    assertThat(found.installedAt()).isEqualTo(installation.organization().installedAt());
    assertThat(organizations.regionOf(orgId)).isEqualTo("de");
  }

  @Test
  void shouldRejectAnUnknownRegionListingTheValidOnesAndWriteNothing() {
    String orgId = freshOrgId();
    assertThatThrownBy(() -> organizations.install(new InstallOrganization(orgId, "Acme", "mars")))
        .isInstanceOfSatisfying(
            InvalidInstallationException.class,
            e -> {
              assertThat(e.field()).isEqualTo("region");
              assertThat(e.reason()).isEqualTo("UNKNOWN_REGION");
              assertThat(e.getMessage())
                  .contains("'mars'")
                  .contains("au, ca, ch, de, eu, gb, global, in, jp, kr, sg, us");
            });
    assertThat(organizations.find(orgId)).isEmpty();
  }

  @Test
  void shouldBeIdempotentInTheSameRegionAndRefuseAnotherRegion() {
    String orgId = freshOrgId();
    var first = organizations.install(new InstallOrganization(orgId, "Acme", "eu"));
    var again = organizations.install(new InstallOrganization(orgId, "Acme Renamed", "eu"));

    assertThat(again.created()).isFalse();
    assertThat(again.organization().installedAt()).isEqualTo(first.organization().installedAt());
    assertThatThrownBy(() -> organizations.install(new InstallOrganization(orgId, "Acme", "us")))
        .isInstanceOfSatisfying(
            InvalidInstallationException.class,
            e -> assertThat(e.reason()).isEqualTo("ALREADY_INSTALLED"));
    var stored = organizations.find(orgId).orElseThrow();
    assertThat(stored.region()).isEqualTo("eu");
    assertThat(stored.name()).isEqualTo("Acme Renamed");
  }

  @Test
  void shouldRejectInvalidIdsAndNamesBeforeWriting() {
    assertThatThrownBy(
            () -> organizations.install(new InstallOrganization("bad id!", "Acme", "eu")))
        .isInstanceOfSatisfying(
            InvalidInstallationException.class, e -> assertThat(e.field()).isEqualTo("orgId"));
    String orgId = freshOrgId();
    assertThatThrownBy(() -> organizations.install(new InstallOrganization(orgId, "  ", "eu")))
        .isInstanceOfSatisfying(
            InvalidInstallationException.class, e -> assertThat(e.field()).isEqualTo("name"));
    assertThatThrownBy(
            () -> organizations.install(new InstallOrganization(orgId, "x".repeat(201), "eu")))
        .isInstanceOfSatisfying(
            InvalidInstallationException.class, e -> assertThat(e.reason()).isEqualTo("TOO_LONG"));
    assertThat(organizations.find(orgId)).isEmpty();
  }

  @Test
  void shouldRefuseToRouteAnOrgThatIsNotInstalled() {
    assertThatThrownBy(() -> organizations.regionOf(freshOrgId()))
        .isInstanceOf(UnknownOrganizationException.class);
  }
}

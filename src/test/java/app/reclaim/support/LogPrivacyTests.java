package app.reclaim.support;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What {@link LogPrivacy} hands to a log statement when an org shows or hides end-user ids. */
class LogPrivacyTests {

  private final LogPrivacy hidesOrgA = orgId -> !"org-a".equals(orgId);

  @Test
  void shouldShowIdsOnlyForOrgsThatAllowThem() {
    assertThat(hidesOrgA.id("org-a", "5b10ac8d82e05b22cc7d4ef5")).isEqualTo(LogPrivacy.HIDDEN);
    assertThat(hidesOrgA.id("org-b", "5b10ac8d82e05b22cc7d4ef5"))
        .isEqualTo("5b10ac8d82e05b22cc7d4ef5");
    assertThat(hidesOrgA.id("org-a", null)).isNull();
    assertThat(LogPrivacy.SHOW_ALL.id("org-a", "x")).isEqualTo("x");
  }

  @Test
  void shouldKeepClassesAndStackTracesButNoMessagesOfAHiddenOrgsExceptions() {
    var cause = new IllegalArgumentException("account 5b10ac8d82e05b22cc7d4ef5 is odd");
    var e = new IllegalStateException("failed for 5b10ac8d82e05b22cc7d4ef5", cause);

    Throwable shown = hidesOrgA.exception("org-b", e);
    Throwable hidden = hidesOrgA.exception("org-a", e);

    assertThat(shown).isSameAs(e);
    assertThat(hidden.getMessage())
        .startsWith(IllegalStateException.class.getName())
        .doesNotContain("5b10ac8d");
    assertThat(hidden.getStackTrace()).isEqualTo(e.getStackTrace());
    assertThat(hidden.getCause().getMessage())
        .startsWith(IllegalArgumentException.class.getName())
        .doesNotContain("5b10ac8d");
    assertThat(hidden.getCause().getStackTrace()).isEqualTo(cause.getStackTrace());
    assertThat(hidden.getCause().getCause()).isNull();
  }
}

package app.reclaim.scim;

/**
 * Limits on what a SCIM request makes Reclaim parse rather than store: the body, a filter, a PATCH
 * path, {@code sortBy} and {@code attributes}. Checked before any parsing: the SDK's parsers and
 * the IdP leniencies' rewrites are not linear in every input (a 70,000-character PATCH path took
 * half a second to parse), so a long one is refused before it costs anything. Each number is many
 * times what an IdP sends (docs/scim-limits.md, "Request limits").
 */
final class RequestLimits {

  /** A request body: a 50,000-member PUT with member display names is about 5 MiB. */
  static final int BODY_BYTES = 16 * 1024 * 1024;

  /** A filter: several comparisons with values at their 1,024-character limit. */
  static final int FILTER = 8_192;

  /**
   * A PATCH path or {@code sortBy}: {@code emails[type eq "work" and value eq "<1,024>"].value}.
   */
  static final int PATH = 2_048;

  /** An {@code attributes} or {@code excludedAttributes} list, all names together. */
  static final int ATTRIBUTES = 8_192;

  /** PATCH operations in one request (Entra and Okta send a handful; members go in values). */
  static final int OPERATIONS = 1_000;

  private RequestLimits() {}

  /** Refuses {@code value} (named {@code what}) when longer than {@code max} characters. */
  static void check(String scimType, String what, String value, int max) {
    if (value != null && value.length() > max) {
      throw ScimError.badRequest(
          scimType,
          what + " is " + value.length() + " characters long; at most " + max + " are accepted");
    }
  }
}

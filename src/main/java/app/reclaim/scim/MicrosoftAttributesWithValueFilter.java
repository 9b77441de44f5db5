package app.reclaim.scim;

/**
 * Microsoft's SCIM reference Postman collection ("Get user attributes", "Get user via attributes
 * filter") asks for {@code attributes=emails[type eq "work"]}: a value filter inside the {@code
 * attributes} parameter, which RFC 7644 §3.4.2.5 does not define (attribute names only). Reclaim
 * reads it as the attribute itself ({@code emails}): the client gets a superset of what it asked
 * for rather than a response without the attribute.
 */
final class MicrosoftAttributesWithValueFilter {

  private MicrosoftAttributesWithValueFilter() {}

  /**
   * {@code emails[type eq "work"]} → {@code emails}; {@code emails[…].value} → {@code
   * emails.value}.
   */
  static String strip(String attribute) {
    int open = attribute.indexOf('[');
    int close = attribute.lastIndexOf(']');
    if (open <= 0 || close < open) {
      return attribute;
    }
    return attribute.substring(0, open) + attribute.substring(close + 1);
  }
}

package app.reclaim.scim;

/**
 * Who is calling SCIM: the org its token belongs to, the token, and the IdP named by the token's
 * label (groups it pushes are IDP_SYNCED groups of that IdP).
 */
record ScimClient(String orgId, String tokenId, String idpName) {

  static final String REQUEST_ATTRIBUTE = "app.reclaim.scim.ScimClient";
}

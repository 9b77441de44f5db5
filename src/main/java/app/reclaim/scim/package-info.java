/**
 * The SCIM 2.0 service provider at {@code /scim/v2} (RFC 7643/7644): identity providers push users
 * and groups with per-org bearer tokens; resources are kept in the org's region keyspace as the IdP
 * wrote them and mapped onto the {@code directory} (users linked or created as IdP-provisioned,
 * groups as {@code IDP_SYNCED}). Owns the SCIM tokens (hash in the control keyspace, listing in the
 * region), the normalisation of IdP quirks (one class each), uniqueness by lightweight transactions
 * and membership rows. Uses {@code directory}, {@code organizations}, {@code store}, {@code
 * security} and {@code support}.
 */
@ApplicationModule(
    allowedDependencies = {"directory", "organizations", "store", "security", "support"})
package app.reclaim.scim;

import org.springframework.modulith.ApplicationModule;

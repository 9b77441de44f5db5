/**
 * Who is calling: the {@link app.reclaim.security.Caller} (org, account, roles) that every service
 * scopes its work to, and how it is established for GraphQL requests. Uses {@code support}.
 */
@ApplicationModule(allowedDependencies = {"support"})
package app.reclaim.security;

import org.springframework.modulith.ApplicationModule;

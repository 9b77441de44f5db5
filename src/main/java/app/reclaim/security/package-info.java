/**
 * Who is calling: the {@link app.reclaim.security.Caller} (org, account, roles) that every service
 * scopes its work to, and how it is established for GraphQL requests. Uses {@code support}.
 */
package app.reclaim.security;

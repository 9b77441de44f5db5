/**
 * Small shared pieces: the error codes every module's exceptions carry and their mapping to GraphQL
 * {@code extensions.code}, the {@code DateTime} and {@code Date} scalars, and the GraphQL
 * endpoint's guards against abuse ({@code reclaim.graphql.*} limits on every operation, the HTTP
 * body and batch check) with GraphQL-shaped answers for requests that never reach execution, and
 * {@link app.reclaim.support.LogPrivacy}, how a log line names an end user. Uses no other module.
 */
@ApplicationModule(allowedDependencies = {})
package app.reclaim.support;

import org.springframework.modulith.ApplicationModule;

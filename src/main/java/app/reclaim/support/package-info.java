/**
 * Small shared pieces: the error codes every module's exceptions carry and their mapping to GraphQL
 * {@code extensions.code}, and the {@code DateTime} scalar. Uses no other module.
 */
@ApplicationModule(allowedDependencies = {})
package app.reclaim.support;

import org.springframework.modulith.ApplicationModule;

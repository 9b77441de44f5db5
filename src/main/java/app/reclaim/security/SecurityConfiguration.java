package app.reclaim.security;

import app.reclaim.support.GraphQlSockets;
import app.reclaim.support.LogPrivacy;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.graphql.autoconfigure.GraphQlProperties;
import org.springframework.boot.task.ThreadPoolTaskSchedulerCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.scheduling.TaskScheduler;

/**
 * Wires token checking into HTTP ({@code /graphql}, {@code /exports}, {@code /platform}), WebSocket
 * and execution.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

  private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);
  static final String PLATFORM_PATH = "/platform/";

  /** Run exports (cleanup logs as CSV/JSON): organization tokens, as for /graphql. */
  static final String EXPORTS_PATH = "/exports/";

  private static final Clock CLOCK = Clock.systemUTC();

  @Bean
  LocalTokens localTokens(SecurityProperties properties, Environment environment) {
    SecurityProperties.Jwt jwt = properties.jwt();
    if (jwt.jwkSet() != null) {
      return LocalTokens.unavailable(jwt);
    }
    if (environment.matchesProfiles("prod")) {
      throw new IllegalStateException(SecurityStartup.MISSING_JWK_SET);
    }
    Path dir = Path.of(properties.localKeyDir());
    ECKey key = LocalKeys.loadOrCreate(dir);
    log.info(
        "no reclaim.security.jwt.jwk-set: tokens are checked against the local key {} in {}",
        key.getKeyID(),
        dir);
    return new LocalTokens(new TokenIssuer(key, jwt.issuer(), CLOCK), key.toPublicJWK(), jwt);
  }

  @Bean
  SecretCipher secretCipher(SecurityProperties properties, Environment environment) {
    SecurityProperties.Secrets secrets = properties.secrets();
    if (!secrets.keys().isEmpty()) {
      return SecretCipher.fromConfiguration(secrets.keys(), secrets.activeKeyId());
    }
    if (environment.matchesProfiles("prod")) {
      throw new IllegalStateException(SecurityStartup.MISSING_SECRETS_KEYS);
    }
    Path dir = Path.of(properties.localKeyDir());
    OctetSequenceKey key = LocalSecretKey.loadOrCreate(dir);
    log.info(
        "no reclaim.security.secrets.keys: secrets are encrypted with the local key {} in {}",
        key.getKeyID(),
        dir);
    return new SecretCipher(Map.of(key.getKeyID(), key.toByteArray()), key.getKeyID());
  }

  @Bean
  JwtAuthenticator jwtAuthenticator(SecurityProperties properties, LocalTokens local) {
    SecurityProperties.Jwt jwt = properties.jwt();
    JWKSource<SecurityContext> keys =
        jwt.jwkSet() != null
            ? JwtAuthenticator.jwkSource(jwt.jwkSet())
            : new ImmutableJWKSet<>(new JWKSet(local.publicKey()));
    return new JwtAuthenticator(keys, jwt, CLOCK);
  }

  @Bean
  FilterRegistrationBean<BearerTokenFilter> bearerTokenFilter(
      JwtAuthenticator authenticator, GraphQlProperties graphQl, LogPrivacy logPrivacy) {
    var registration =
        new FilterRegistrationBean<>(
            new BearerTokenFilter(authenticator, PLATFORM_PATH, logPrivacy));
    registration.addUrlPatterns(
        graphQl.getHttp().getPath(), PLATFORM_PATH + "*", EXPORTS_PATH + "*");
    return registration;
  }

  /**
   * Every answer's security headers; first of all filters, so that the answers other filters write
   * themselves (401, 413) carry them too. SCIM's base path is named here: the SCIM module uses this
   * one, not the other way round.
   */
  @Bean
  FilterRegistrationBean<ResponseHeadersFilter> responseHeadersFilter(GraphQlProperties graphQl) {
    var registration =
        new FilterRegistrationBean<>(
            new ResponseHeadersFilter(
                List.of(graphQl.getHttp().getPath(), EXPORTS_PATH, PLATFORM_PATH, "/scim/")));
    registration.addUrlPatterns("/*");
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
    return registration;
  }

  /**
   * Cancelled tasks leave the app's scheduler queue at once: every WebSocket connection closed
   * before its token expires cancels its {@link ConnectionExpiry} close, which would otherwise stay
   * queued until the token's expiry, hours later.
   */
  @Bean
  ThreadPoolTaskSchedulerCustomizer removeCancelledTasks() {
    return scheduler -> scheduler.setRemoveOnCancelPolicy(true);
  }

  @Bean
  CallerInterceptor callerInterceptor(
      JwtAuthenticator authenticator,
      SecurityProperties properties,
      Clock clock,
      TaskScheduler scheduler,
      GraphQlSockets sockets,
      LogPrivacy logPrivacy) {
    SecurityProperties.Jwt jwt = properties.jwt();
    return new CallerInterceptor(
        authenticator,
        jwt,
        clock,
        new ConnectionExpiry(scheduler, sockets, jwt.clockSkew(), logPrivacy));
  }

  @Bean
  MutationRoleCheck mutationRoleCheck() {
    return new MutationRoleCheck();
  }
}

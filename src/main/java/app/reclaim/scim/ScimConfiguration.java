package app.reclaim.scim;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The SCIM edge: its Jackson 2 converter and its bearer-token filter on {@code /scim/v2/*}. */
@Configuration(proxyBeanMethods = false)
class ScimConfiguration {

  static final String BASE_PATH = "/scim/v2";

  @Bean
  ScimJsonHttpMessageConverter scimJsonHttpMessageConverter() {
    return new ScimJsonHttpMessageConverter();
  }

  @Bean
  FilterRegistrationBean<ScimAuthenticationFilter> scimAuthenticationFilter(ScimTokens tokens) {
    var registration = new FilterRegistrationBean<>(new ScimAuthenticationFilter(tokens));
    registration.addUrlPatterns(BASE_PATH + "/*");
    return registration;
  }
}

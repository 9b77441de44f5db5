package app.reclaim.organizations;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The demo org installed at start when {@code reclaim.demo.enabled} (local profile only by
 * default), with the API key the built-in simulator expects for it.
 */
@ConfigurationProperties("reclaim.demo")
public record DemoProperties(
    boolean enabled, String orgId, String name, String region, String apiKey) {

  public DemoProperties {
    apiKey = apiKey == null ? "simulator-demo-api-key" : apiKey;
    orgId = orgId == null ? "demo" : orgId;
    name = name == null ? "Demo Org" : name;
    region = region == null ? "eu" : region;
  }
}

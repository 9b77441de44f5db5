package app.reclaim.directory;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Size of the demo org's synthetic directory (benchmarks set 100,000 users). */
@ConfigurationProperties("reclaim.demo.directory")
public record DemoDirectoryProperties(int users, int groups) {

  public DemoDirectoryProperties {
    if (users < 0 || users > 2_000_000 || groups < 0 || groups > 10_000) {
      throw new IllegalArgumentException("reclaim.demo.directory: users 0-2000000, groups 0-10000");
    }
    users = users == 0 ? 2_000 : users;
    groups = groups == 0 ? 60 : groups;
  }
}

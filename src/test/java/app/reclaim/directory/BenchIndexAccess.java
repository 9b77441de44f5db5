package app.reclaim.directory;

import org.springframework.context.ApplicationContext;

/** For bench/run.sh only: drops an org's in-memory index so that its next use builds it cold. */
public final class BenchIndexAccess {

  private BenchIndexAccess() {}

  public static void drop(ApplicationContext context, String orgId) {
    context.getBean(DirectoryIndex.class).abandoned(orgId);
  }
}

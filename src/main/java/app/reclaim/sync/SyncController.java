package app.reclaim.sync;

import app.reclaim.organizations.Organization;
import app.reclaim.security.Caller;
import app.reclaim.support.UserError;
import java.util.List;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.ContextValue;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.stereotype.Controller;

@Controller
class SyncController {

  private final DirectorySync sync;

  SyncController(DirectorySync sync) {
    this.sync = sync;
  }

  record StartDirectorySyncInput(SyncJob.Kind kind) {}

  record StartDirectorySyncPayload(SyncJob job, List<UserError> userErrors) {}

  record SyncError(String code, String message, boolean breakerOpen) {}

  @MutationMapping
  StartDirectorySyncPayload startDirectorySync(
      @Argument StartDirectorySyncInput input,
      @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
    DirectorySync.Started started = sync.start(caller, input == null ? null : input.kind());
    return started.error() == null
        ? new StartDirectorySyncPayload(started.job(), List.of())
        : new StartDirectorySyncPayload(started.job(), List.of(started.error()));
  }

  @SchemaMapping(typeName = "Organization", field = "syncStatus")
  SyncJob syncStatus(
      Organization organization,
      @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
    return sync.status(caller).orElse(null);
  }

  @SchemaMapping(typeName = "SyncJob", field = "error")
  SyncError error(SyncJob job) {
    return job.errorCode() == null
        ? null
        : new SyncError(job.errorCode(), job.errorMessage(), job.breakerOpen());
  }
}

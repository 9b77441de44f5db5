package app.reclaim.support;

import com.datastax.oss.driver.api.core.AllNodesFailedException;
import com.datastax.oss.driver.api.core.DriverTimeoutException;
import com.datastax.oss.driver.api.core.NodeUnavailableException;
import com.datastax.oss.driver.api.core.RequestThrottlingException;
import com.datastax.oss.driver.api.core.connection.BusyConnectionException;
import com.datastax.oss.driver.api.core.connection.ClosedConnectionException;
import com.datastax.oss.driver.api.core.connection.HeartbeatException;
import com.datastax.oss.driver.api.core.servererrors.BootstrappingException;
import com.datastax.oss.driver.api.core.servererrors.CASWriteUnknownException;
import com.datastax.oss.driver.api.core.servererrors.OverloadedException;
import com.datastax.oss.driver.api.core.servererrors.ReadTimeoutException;
import com.datastax.oss.driver.api.core.servererrors.UnavailableException;
import com.datastax.oss.driver.api.core.servererrors.WriteTimeoutException;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Cassandra not answering, told apart from bugs: the driver's exceptions for a cluster that cannot
 * be reached, is overloaded or answers too slowly (whatever wraps them) become the retryable code
 * {@link ErrorCode#UNAVAILABLE} with a retry hint, where anything else unexpected stays INTERNAL.
 */
public final class Unavailable {

  /**
   * What clients are told to wait before trying again. The driver tries a lost node again after a
   * second and then backs off: a few seconds lets a short outage pass without a retry storm.
   */
  public static final int RETRY_AFTER_SECONDS = 5;

  static final String MESSAGE =
      "The database is not answering right now (nothing is wrong with the request): retry in "
          + RETRY_AFTER_SECONDS
          + " seconds.";

  private static final List<Class<? extends RuntimeException>> KINDS =
      List.of(
          AllNodesFailedException.class,
          NodeUnavailableException.class,
          DriverTimeoutException.class,
          RequestThrottlingException.class,
          BusyConnectionException.class,
          ClosedConnectionException.class,
          HeartbeatException.class,
          UnavailableException.class,
          ReadTimeoutException.class,
          WriteTimeoutException.class,
          CASWriteUnknownException.class,
          OverloadedException.class,
          BootstrappingException.class);

  /** Causes followed at most: guards against a cause chain that loops. */
  private static final int MAX_DEPTH = 16;

  private Unavailable() {}

  /** Whether {@code failure}, or one of its causes, is the database not answering. */
  public static boolean is(Throwable failure) {
    Throwable cause = failure;
    for (int depth = 0; cause != null && depth < MAX_DEPTH; depth++) {
      for (Class<? extends RuntimeException> kind : KINDS) {
        if (kind.isInstance(cause)) {
          return true;
        }
      }
      cause = cause.getCause();
    }
    return false;
  }

  /** The GraphQL error telling the client to retry, built on {@code error} (path, location). */
  static GraphQLError error(GraphqlErrorBuilder<?> error) {
    Map<String, Object> extensions = new LinkedHashMap<>();
    extensions.put("code", ErrorCode.UNAVAILABLE.name());
    extensions.put("retryAfterSeconds", RETRY_AFTER_SECONDS);
    return error.errorType(ErrorCode.UNAVAILABLE).message(MESSAGE).extensions(extensions).build();
  }
}

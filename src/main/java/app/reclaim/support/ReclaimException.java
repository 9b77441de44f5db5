package app.reclaim.support;

/**
 * Base of the exceptions whose message is safe to show a client: the code says what kind of failure
 * it is. Anything else that escapes a resolver is reported as {@link ErrorCode#INTERNAL} without
 * text.
 */
public class ReclaimException extends RuntimeException {

  private final ErrorCode code;

  public ReclaimException(ErrorCode code, String message) {
    super(message);
    this.code = code;
  }

  public ErrorCode code() {
    return code;
  }
}

package app.reclaim.security;

/**
 * A bearer token that is missing or not acceptable. The message is a fixed, short reason safe to
 * show the client and to log: it never quotes the token or a claim value.
 */
class InvalidTokenException extends RuntimeException {

  InvalidTokenException(String reason) {
    super(reason, null, false, false);
  }
}

package app.reclaim.support;

import graphql.ErrorClassification;

/** The stable codes clients see in {@code extensions.code}. */
public enum ErrorCode implements ErrorClassification {
  UNAUTHENTICATED,
  FORBIDDEN,
  NOT_FOUND,
  BAD_USER_INPUT,
  /**
   * The organization's data is being moved to another residency region: it reads, but refuses
   * writes until the move is committed or rolled back. Retry later.
   */
  ORGANIZATION_MOVING,
  /**
   * The database did not answer (unreachable, overloaded or too slow): nothing is wrong with the
   * request; retry after {@code extensions.retryAfterSeconds}.
   */
  UNAVAILABLE,
  /** A subscription sent over plain HTTP: subscriptions are served over WebSocket only. */
  WEBSOCKET_REQUIRED,
  INTERNAL
}

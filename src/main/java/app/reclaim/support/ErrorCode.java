package app.reclaim.support;

import graphql.ErrorClassification;

/** The stable codes clients see in {@code extensions.code}. */
public enum ErrorCode implements ErrorClassification {
  UNAUTHENTICATED,
  FORBIDDEN,
  NOT_FOUND,
  BAD_USER_INPUT,
  INTERNAL
}

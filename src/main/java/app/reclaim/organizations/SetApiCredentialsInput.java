package app.reclaim.organizations;

import java.time.LocalDate;

/**
 * The org's Atlassian admin API key and the date it expires (Atlassian keys last at most a year).
 */
public record SetApiCredentialsInput(String apiKey, LocalDate expiresOn) {

  /** The key never reaches a log line, an exception message or a debugger's summary. */
  @Override
  public String toString() {
    return "SetApiCredentialsInput[apiKey=(hidden), expiresOn=" + expiresOn + "]";
  }
}

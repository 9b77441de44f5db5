package app.reclaim.support;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * What one GraphQL request may ask of the server; anything beyond is refused with {@code
 * BAD_USER_INPUT} before a resolver runs. README.md (GraphQL, Limits) explains each default.
 *
 * @param maxDepth deepest field nesting, leaves included ({@code { organization { id } }} is 2)
 * @param maxCost budget of the cost estimate: every field 1, a paged field's items times its page
 *     size
 * @param maxPageSize the largest {@code first}/{@code last} any field accepts
 * @param maxAliases aliased fields in one document
 * @param maxFields field selections of the operation once fragments are expanded
 * @param maxDocumentSize query text, UTF-8
 * @param maxTokens grammar tokens the parser reads before giving up
 * @param maxRequestSize HTTP request body, JSON envelope and variables included
 * @param maxWebSocketMessageSize one graphql-transport-ws message, in characters (Tomcat holds a
 *     buffer of that many per connection); at least {@code maxDocumentSize}, so that a document
 *     over the document limit is refused for its operation alone, not by closing the connection
 */
@Validated
@ConfigurationProperties("reclaim.graphql")
record GraphQlLimits(
    @DefaultValue("15") @Min(1) int maxDepth,
    @DefaultValue("10000") @Min(1) int maxCost,
    @DefaultValue("100") @Min(1) int maxPageSize,
    @DefaultValue("30") @Min(0) int maxAliases,
    @DefaultValue("1000") @Min(1) int maxFields,
    @DefaultValue("32KB") DataSize maxDocumentSize,
    @DefaultValue("10000") @Min(1) int maxTokens,
    @DefaultValue("1MB") DataSize maxRequestSize,
    @DefaultValue("64KB") DataSize maxWebSocketMessageSize) {

  GraphQlLimits {
    if (maxWebSocketMessageSize.compareTo(maxDocumentSize) < 0) {
      throw new IllegalArgumentException(
          "reclaim.graphql.max-websocket-message-size must be at least max-document-size");
    }
  }

  /** The defaults, for tests that build the instrumentation without Spring. */
  static GraphQlLimits defaults() {
    return new GraphQlLimits(
        15,
        10_000,
        100,
        30,
        1000,
        DataSize.ofKilobytes(32),
        10_000,
        DataSize.ofMegabytes(1),
        DataSize.ofKilobytes(64));
  }
}

package app.reclaim.support;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import graphql.ExecutionInput;
import graphql.execution.preparsed.PreparsedDocumentEntry;
import graphql.execution.preparsed.PreparsedDocumentProvider;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.springframework.boot.graphql.autoconfigure.GraphQlSourceBuilderCustomizer;
import org.springframework.graphql.execution.GraphQlSource;
import org.springframework.stereotype.Component;

/**
 * Parsed and validated GraphQL documents, kept by their text: clients send the same few documents
 * over and over (with different variables), and parsing plus validating one costs more than
 * answering a small query from the index. Only documents without errors are kept, bounded by their
 * total length; the per-request limits (document size, then depth, cost, aliases and fields of the
 * operation) are still checked on every request.
 */
@Component
class GraphQlDocumentCache implements GraphQlSourceBuilderCustomizer, PreparsedDocumentProvider {

  /** Characters of document text held at most (each document counts its length). */
  static final long MAX_CHARACTERS = 4_000_000;

  private final Cache<String, PreparsedDocumentEntry> documents =
      Caffeine.newBuilder()
          .maximumWeight(MAX_CHARACTERS)
          .weigher((String key, PreparsedDocumentEntry entry) -> key.length())
          .build();

  @Override
  public void customize(GraphQlSource.SchemaResourceBuilder builder) {
    builder.configureGraphQl(graphQl -> graphQl.preparsedDocumentProvider(this));
  }

  @Override
  public CompletableFuture<PreparsedDocumentEntry> getDocumentAsync(
      ExecutionInput input, Function<ExecutionInput, PreparsedDocumentEntry> parseAndValidate) {
    String key = input.getOperationName() + "\n" + input.getQuery();
    PreparsedDocumentEntry known = documents.getIfPresent(key);
    if (known != null) {
      return CompletableFuture.completedFuture(known);
    }
    PreparsedDocumentEntry entry = parseAndValidate.apply(input);
    if (!entry.hasErrors()) {
      documents.put(key, entry);
    }
    return CompletableFuture.completedFuture(entry);
  }
}

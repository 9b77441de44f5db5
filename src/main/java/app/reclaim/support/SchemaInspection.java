package app.reclaim.support;

import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.graphql.autoconfigure.GraphQlSourceBuilderCustomizer;
import org.springframework.graphql.execution.SchemaReport;
import org.springframework.stereotype.Component;

/**
 * Keeps Spring for GraphQL's schema-mapping report of this start (fields without a resolver, types
 * it could not inspect) so a test can fail on any unmapped field, and logs problems once at start.
 */
@Component
public class SchemaInspection implements GraphQlSourceBuilderCustomizer {

  private static final Logger log = LoggerFactory.getLogger(SchemaInspection.class);
  private final AtomicReference<SchemaReport> report = new AtomicReference<>();

  @Override
  public void customize(
      org.springframework.graphql.execution.GraphQlSource.SchemaResourceBuilder builder) {
    builder.inspectSchemaMappings(
        schemaReport -> {
          report.set(schemaReport);
          if (!schemaReport.unmappedFields().isEmpty()) {
            log.warn("GraphQL fields without a resolver: {}", schemaReport.unmappedFields());
          }
        });
  }

  /** The report of this start, or null before the schema was built. */
  public SchemaReport report() {
    return report.get();
  }
}

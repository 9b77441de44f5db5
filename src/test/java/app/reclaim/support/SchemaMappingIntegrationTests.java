package app.reclaim.support;

import static org.assertj.core.api.Assertions.assertThat;

import app.reclaim.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Every field of schema.graphqls has a resolver: a property of its Java type or a controller
 * method.
 */
class SchemaMappingIntegrationTests extends IntegrationTest {

  @Autowired SchemaInspection inspection;

  @Test
  void shouldMapEveryFieldOfTheSchema() {
    assertThat(inspection.report()).isNotNull();
    assertThat(inspection.report().unmappedFields()).isEmpty();
    assertThat(inspection.report().unmappedRegistrations()).isEmpty();
  }
}

package app.reclaim.support;

import static org.assertj.core.api.Assertions.assertThat;

import graphql.schema.DataFetchingEnvironment;
import graphql.schema.DataFetchingEnvironmentImpl;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.PropertyDataFetcher;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The per-field accessor fetcher answers what graphql-java's own property fetcher answers, for
 * every kind of source it meets, including a field that sees a second class after the first.
 */
class AccessorDataFetchersTests {

  record Person(String name, boolean active) {
    public String getNickname() {
      return "nick-" + name;
    }

    public String greeting() {
      return "hello " + name;
    }

    /** Both forms exist: graphql-java prefers the getter, so must the accessor. */
    public String getName() {
      return "getter-" + name;
    }
  }

  static final class Bean {
    public boolean isEnabled() {
      return true;
    }

    public String getTitle() {
      return "title";
    }

    String hidden() {
      return "package-private methods are not properties";
    }
  }

  record Other(String name) {}

  static DataFetchingEnvironment environment(String property, Object source) {
    return DataFetchingEnvironmentImpl.newDataFetchingEnvironment()
        .source(source)
        .fieldDefinition(
            GraphQLFieldDefinition.newFieldDefinition()
                .name(property)
                .type(graphql.Scalars.GraphQLString)
                .build())
        .build();
  }

  static Object fetch(AccessorDataFetchers.Accessor fetcher, Object source) throws Exception {
    return fetcher.get(environment(fetcher.property(), source));
  }

  static Object reference(String property, Object source) {
    return PropertyDataFetcher.fetching(property).get(environment(property, source));
  }

  @ParameterizedTest
  @ValueSource(strings = {"name", "active", "nickname", "greeting", "missing"})
  void answersAsGraphQlJavaForARecord(String property) throws Exception {
    Person ada = new Person("Ada", true);
    var fetcher = new AccessorDataFetchers.Accessor(property);
    Object expected = reference(property, ada);
    assertThat(fetch(fetcher, ada)).isEqualTo(expected);
    assertThat(fetch(fetcher, new Person("Grace", false)))
        .isEqualTo(reference(property, new Person("Grace", false)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"enabled", "title", "hidden"})
  void answersAsGraphQlJavaForABean(String property) throws Exception {
    var fetcher = new AccessorDataFetchers.Accessor(property);
    assertThat(fetch(fetcher, new Bean())).isEqualTo(reference(property, new Bean()));
  }

  @Test
  void theRecordComponentWinsOverAGetterAsInGraphQlJava() throws Exception {
    assertThat(reference("name", new Person("Ada", true))).isEqualTo("Ada");
    assertThat(fetch(new AccessorDataFetchers.Accessor("name"), new Person("Ada", true)))
        .isEqualTo("Ada");
  }

  /** Whatever graphql-java prefers on a class, the fetcher follows it, checked on first use. */
  static final class Ambiguous {
    public String getLabel() {
      return "from getLabel";
    }

    public String isLabel() {
      return "from isLabel";
    }
  }

  @Test
  void anAccessorThatDisagreesWithGraphQlJavaIsNotUsed() throws Exception {
    var fetcher = new AccessorDataFetchers.Accessor("label");
    assertThat(fetch(fetcher, new Ambiguous())).isEqualTo(reference("label", new Ambiguous()));
    assertThat(fetch(fetcher, new Ambiguous())).isEqualTo(reference("label", new Ambiguous()));
  }

  @Test
  void mapsNullsAndASecondClassGoThroughTheFallback() throws Exception {
    var fetcher = new AccessorDataFetchers.Accessor("name");
    assertThat(fetch(fetcher, new Person("Ada", true))).isEqualTo("Ada");
    assertThat(fetch(fetcher, new Other("Alan"))).isEqualTo("Alan");
    assertThat(fetch(fetcher, Map.of("name", "Map"))).isEqualTo("Map");
    assertThat(fetch(fetcher, null)).isNull();
    assertThat(fetch(fetcher, new Person("Barbara", true))).isEqualTo("Barbara");
  }
}

package app.reclaim.support;

import static org.assertj.core.api.Assertions.assertThat;

import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.GraphQLError;
import graphql.introspection.IntrospectionQuery;
import graphql.schema.DataFetcher;
import graphql.schema.GraphQLList;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLTypeUtil;
import graphql.schema.idl.FieldWiringEnvironment;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.WiringFactory;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/**
 * The limits against a small schema with Relay connections (the shape the directory API uses), run
 * through graphql-java itself so "before any resolver runs" is observed, not assumed.
 */
class QueryLimitsInstrumentationTests {

  static final String SDL =
      """
      type Query { users(first: Int, after: String, last: Int): UserConnection! }
      type UserConnection { totalCount: Int! edges: [UserEdge!]! pageInfo: PageInfo! }
      type UserEdge { cursor: String! node: User! }
      type User { name: String! friend: User groups(first: Int = 10): GroupConnection! }
      type GroupConnection { edges: [GroupEdge!]! }
      type GroupEdge { node: Group! }
      type Group { name: String! }
      type PageInfo { hasNextPage: Boolean! endCursor: String }
      """;

  final AtomicInteger resolverCalls = new AtomicInteger();
  final GraphQLSchema schema =
      new SchemaGenerator()
          .makeExecutableSchema(
              new SchemaParser().parse(SDL),
              RuntimeWiring.newRuntimeWiring().wiringFactory(new CountingFetchers()).build());

  ExecutionResult run(GraphQlLimits limits, String query, Map<String, Object> variables) {
    var graphQl =
        GraphQL.newGraphQL(schema).instrumentation(new QueryLimitsInstrumentation(limits)).build();
    return graphQl.execute(ExecutionInput.newExecutionInput(query).variables(variables).build());
  }

  ExecutionResult run(String query) {
    return run(GraphQlLimits.defaults(), query, Map.of());
  }

  void assertRefused(ExecutionResult result, String limit, String... messageParts) {
    assertThat(result.isDataPresent()).as("no data for a refused request").isFalse();
    assertThat(resolverCalls).as("resolvers run").hasValue(0);
    assertThat(result.getErrors()).isNotEmpty();
    GraphQLError error =
        result.getErrors().stream()
            .filter(e -> limit.equals(e.getExtensions().get("limit")))
            .findFirst()
            .orElseThrow();
    assertThat(error.getExtensions()).containsEntry("code", "BAD_USER_INPUT");
    assertThat(error.getErrorType()).isEqualTo(ErrorCode.BAD_USER_INPUT);
    assertThat(error.getMessage()).contains(messageParts);
  }

  void assertAccepted(ExecutionResult result) {
    assertThat(result.getErrors()).isEmpty();
    assertThat(result.isDataPresent()).isTrue();
  }

  static GraphQlLimits withCost(int maxCost) {
    var d = GraphQlLimits.defaults();
    return new GraphQlLimits(
        d.maxDepth(),
        maxCost,
        d.maxPageSize(),
        d.maxAliases(),
        d.maxFields(),
        d.maxDocumentSize(),
        d.maxTokens(),
        d.maxRequestSize(),
        d.maxWebSocketMessageSize());
  }

  @Nested
  class PageSize {

    @Test
    void shouldRejectFirstAboveTheMaximumNamingTheFieldAndTheLimit() {
      assertRefused(
          run("{ users(first: 100000) { totalCount } }"),
          "pageSize",
          "'users'",
          "first: 100000",
          "between 0 and 100");
    }

    @Test
    void shouldHonourVariables() {
      String query = "query($n: Int) { users(first: $n) { edges { cursor } } }";

      assertRefused(
          run(GraphQlLimits.defaults(), query, Map.of("n", 101)), "pageSize", "first: 101");
      assertAccepted(run(GraphQlLimits.defaults(), query, Map.of("n", 100)));
    }

    @Test
    void shouldRejectNegativeSizesAndLast() {
      assertRefused(run("{ users(last: -1) { totalCount } }"), "pageSize", "last: -1");
    }

    @Test
    void shouldCheckNestedFieldsInsideFragments() {
      String query =
          """
          { users(first: 5) { edges { node { ...G } } } }
          fragment G on User { groups(first: 500) { edges { node { name } } } }
          """;

      assertRefused(run(query), "pageSize", "'groups'", "first: 500");
    }
  }

  @Nested
  class Depth {

    String friends(int levels) {
      // users(1) edges(2) node(3), then one level per friend, then name.
      return "{ users(first: 1) { edges { node { "
          + "friend { ".repeat(levels)
          + "name"
          + " }".repeat(levels)
          + " } } } }";
    }

    @Test
    void shouldRejectAQuery50LevelsDeep() {
      assertRefused(run(friends(46)), "depth", "50 levels deep", "maximum is 15");
    }

    @Test
    void shouldAcceptTheMaximumDepth() {
      assertAccepted(run(friends(11)));
    }

    @Test
    void shouldMeasureDepthThroughFragments() {
      StringBuilder query = new StringBuilder("{ users(first: 1) { edges { node { ...F0 } } } }\n");
      for (int i = 0; i < 47; i++) {
        query
            .append("fragment F")
            .append(i)
            .append(" on User { friend { ...F")
            .append(i + 1)
            .append(" } }\n");
      }
      query.append("fragment F47 on User { name }\n");

      assertRefused(run(query.toString()), "depth", "51 levels deep");
    }
  }

  @Nested
  class Cost {

    @Test
    void shouldMultiplyItemsByThePageButPayTotalCountAndPageInfoOnce() {
      // users: 1 + totalCount 1 + pageInfo (1 + 1) + 50 x edges (1 + cursor 1) = 104
      String query =
          "{ users(first: 50) { totalCount pageInfo { hasNextPage } edges { cursor } } }";

      assertAccepted(run(withCost(104), query, Map.of()));
      resolverCalls.set(0);
      assertRefused(run(withCost(103), query, Map.of()), "cost", "estimated cost is 104");
    }

    @Test
    void shouldCountAnAbsentPageAsTheSchemaDefaultElseTheMaximum() {
      // users without first: 1 + 100 x edges(2) = 201; groups defaults to 10: 1 + 10 x 3 = 31, so
      // users(first: 1) around it: 1 + edges(1 + node(1 + 31)) = 34.
      assertRefused(
          run(withCost(1), "{ users { edges { cursor } } }", Map.of()),
          "cost",
          "estimated cost is 201");
      resolverCalls.set(0);
      assertRefused(
          run(
              withCost(1),
              "{ users(first: 1) { edges { node { groups { edges { node { name } } }" + " } } } }",
              Map.of()),
          "cost",
          "estimated cost is 34");
    }

    @Test
    void shouldRejectAPageOfPagesAboveTheBudget() {
      assertRefused(
          run(
              "{ users(first: 100) { edges { node { groups(first: 100) { edges { node { name } } }"
                  + " } } } }"),
          "cost",
          "estimated cost is 30301",
          "budget of 10000");
    }

    @Test
    void shouldAcceptAFullPageOfUsersWithTheirGroups() {
      assertAccepted(
          run(
              "{ users(first: 100) { totalCount pageInfo { hasNextPage endCursor } edges { cursor"
                  + " node { name groups(first: 10) { edges { node { name } } } } } } }"));
    }
  }

  @Nested
  class FieldsAndAliases {

    @Test
    void shouldCountEveryExpansionOfAReusedFragment() {
      // Each level spreads the next twice: 2^11 copies of the innermost field, 15 levels deep, 11
      // aliases.
      StringBuilder query = new StringBuilder("{ users(first: 1) { edges { node { ...F0 } } } }\n");
      for (int i = 0; i < 11; i++) {
        query
            .append("fragment F")
            .append(i)
            .append(" on User { friend { ...F")
            .append(i + 1)
            .append(" } other: friend { ...F")
            .append(i + 1)
            .append(" } }\n");
      }
      query.append("fragment F11 on User { name }\n");

      assertRefused(
          run(query.toString()), "fields", "once fragments are expanded", "maximum is 1000");
    }

    @Test
    void shouldRejectTenThousandAliasesOfTheSameField() {
      var d = GraphQlLimits.defaults();
      var roomy =
          new GraphQlLimits(
              d.maxDepth(),
              d.maxCost(),
              d.maxPageSize(),
              d.maxAliases(),
              d.maxFields(),
              DataSize.ofMegabytes(1),
              1_000_000,
              d.maxRequestSize(),
              DataSize.ofMegabytes(1));
      StringBuilder query = new StringBuilder("{");
      for (int i = 0; i < 10_000; i++) {
        query.append(" a").append(i).append(": users(first: 1) { totalCount }");
      }

      assertRefused(
          run(roomy, query.append(" }").toString(), Map.of()),
          "aliases",
          "10000 aliases",
          "maximum is 30");
    }

    @Test
    void shouldAcceptThirtyAliases() {
      StringBuilder query = new StringBuilder("{");
      for (int i = 0; i < 30; i++) {
        query.append(" a").append(i).append(": users(first: 1) { totalCount }");
      }

      assertAccepted(run(query.append(" }").toString()));
    }
  }

  @Nested
  class Documents {

    @Test
    void shouldRejectADocumentAboveTheMaximumSizeBeforeParsingIt() {
      String query = "{ users(first: 1) { totalCount } }" + " ".repeat(32 * 1024);

      assertRefused(run(query), "documentSize", "the maximum is 32768 bytes");
    }

    @Test
    void shouldStopTheParserAtTheTokenLimit() {
      var d = GraphQlLimits.defaults();
      var fewTokens =
          new GraphQlLimits(
              d.maxDepth(),
              d.maxCost(),
              d.maxPageSize(),
              d.maxAliases(),
              d.maxFields(),
              d.maxDocumentSize(),
              20,
              d.maxRequestSize(),
              d.maxWebSocketMessageSize());

      ExecutionResult result =
          run(fewTokens, "{ users { " + "totalCount ".repeat(30) + "} }", Map.of());

      assertThat(result.isDataPresent()).isFalse();
      assertThat(result.getErrors())
          .singleElement()
          .satisfies(e -> assertThat(e.getMessage()).contains("More than 20 'grammar' tokens"));
      assertThat(resolverCalls).hasValue(0);
    }

    @Test
    void shouldLetTheIntrospectionQueriesOfGraphiQlAndGraphQlJavaThrough() {
      assertAccepted(run(graphiQlIntrospection()));
      assertAccepted(run(IntrospectionQuery.INTROSPECTION_QUERY));
    }
  }

  /** The shape of graphql-js's getIntrospectionQuery() (what GraphiQL sends): type refs 9 deep. */
  static String graphiQlIntrospection() {
    String typeRef = "kind name" + " ofType { kind name".repeat(9) + " }".repeat(9);
    return """
        query IntrospectionQuery {
          __schema {
            queryType { name kind } mutationType { name kind } subscriptionType { name kind }
            types { ...FullType }
            directives { name description isRepeatable locations args { ...InputValue } }
          }
        }
        fragment FullType on __Type {
          kind name description specifiedByURL
          fields(includeDeprecated: true) {
            name description args { ...InputValue } type { ...TypeRef } isDeprecated deprecationReason
          }
          inputFields { ...InputValue }
          interfaces { ...TypeRef }
          enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason }
          possibleTypes { ...TypeRef }
        }
        fragment InputValue on __InputValue { name description type { ...TypeRef } defaultValue }
        fragment TypeRef on __Type { %s }
        """
        .formatted(typeRef);
  }

  /** Answers every field with a minimal value of its type, counting the calls. */
  class CountingFetchers implements WiringFactory {

    @Override
    public boolean providesDataFetcher(FieldWiringEnvironment environment) {
      return true;
    }

    @Override
    public DataFetcher<?> getDataFetcher(FieldWiringEnvironment environment) {
      return env -> {
        resolverCalls.incrementAndGet();
        var type = GraphQLTypeUtil.unwrapNonNull(env.getFieldType());
        Object one =
            switch (GraphQLTypeUtil.simplePrint(GraphQLTypeUtil.unwrapAll(type))) {
              case "String", "ID" -> "x";
              case "Int" -> 1;
              case "Boolean" -> false;
              default -> new HashMap<String, Object>();
            };
        return type instanceof GraphQLList ? List.of(one) : one;
      };
    }
  }
}

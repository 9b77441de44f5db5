package app.reclaim.support;

import static org.assertj.core.api.Assertions.assertThat;

import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.execution.DataFetcherResult;
import graphql.execution.SimpleDataFetcherExceptionHandler;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.TypeRuntimeWiring;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The shortcut answers exactly what graphql-java's own strategy answers (data, errors with their
 * paths, null bubbling), query by query on one schema, and is taken only where it should be.
 */
class PlainTreeExecutionStrategyTests {

  static final String SDL =
      """
      scalar DateTime
      enum Kind { SMALL LARGE }
      interface Named { name: String }
      type Query {
        team(id: ID!): Team
        teams: [Team!]!
        looseTeams: [Team]
        named: [Named]
      }
      type Mutation { rename(name: String!): Team }
      type Team {
        id: ID!
        name: String
        size: Int
        ratio: Float
        active: Boolean!
        kind: Kind
        members: [Person!]!
        lead: Person
        tags: [String]
        matrix: [[Int]]
        founded: DateTime
        strictName: String!
        boom: String
        later: String
        wrapped: String
        nickname: String
        weird: Int
        notAList: [String]
        computed: String
      }
      type Person implements Named { name: String, email: String, kind: Kind!, friends: [Person!] }
      """;

  public enum Kind {
    SMALL,
    LARGE
  }

  public record Person(String name, String email, Kind kind, List<Person> friends) {}

  public record Team(
      String id,
      String name,
      Integer size,
      Double ratio,
      boolean active,
      Kind kind,
      List<Person> members,
      Person lead,
      List<String> tags,
      List<List<Integer>> matrix,
      Instant founded,
      String strictName) {

    public String boom() {
      throw new IllegalStateException("boom for " + id);
    }

    public CompletableFuture<String> later() {
      return CompletableFuture.completedFuture("later " + id);
    }

    public DataFetcherResult<String> wrapped() {
      return DataFetcherResult.<String>newResult().data("wrapped " + id).build();
    }

    public Optional<String> nickname() {
      return Optional.ofNullable(name).map(n -> n.toLowerCase());
    }

    public Object weird() {
      return "not a number";
    }

    public String notAList() {
      return "x";
    }
  }

  static Person person(String name, Kind kind, Person... friends) {
    return new Person(name, name == null ? null : name + "@example.com", kind, List.of(friends));
  }

  static Team team(String id, String strictName) {
    Person ada = person("Ada", Kind.SMALL);
    Person bob = person("Bob", Kind.LARGE, ada);
    List<List<Integer>> matrix = new ArrayList<>();
    matrix.add(List.of(1, 2));
    matrix.add(null);
    List<String> tags = new ArrayList<>(List.of("a", "b"));
    tags.add(null);
    return new Team(
        id,
        "Team " + id,
        7,
        0.5,
        true,
        Kind.LARGE,
        List.of(ada, bob, person(null, Kind.SMALL)),
        id.equals("t2") ? null : bob,
        tags,
        matrix,
        Instant.parse("2024-05-01T10:15:30Z"),
        strictName);
  }

  static final List<Team> TEAMS = List.of(team("t1", "one"), team("t2", "two"));

  final GraphQLSchema schema = schema(TEAMS);

  static GraphQLSchema schema(List<Team> teams) {
    RuntimeWiring.Builder wiring =
        RuntimeWiring.newRuntimeWiring()
            .scalar(Scalars.DATE_TIME)
            .type(
                TypeRuntimeWiring.newTypeWiring("Query")
                    .dataFetcher(
                        "team",
                        env ->
                            teams.stream()
                                .filter(t -> t.id().equals(env.getArgument("id")))
                                .findFirst()
                                .orElse(null))
                    .dataFetcher("teams", env -> teams)
                    .dataFetcher("looseTeams", env -> teams)
                    .dataFetcher("named", env -> teams.get(0).members()))
            .type(
                TypeRuntimeWiring.newTypeWiring("Mutation")
                    .dataFetcher("rename", env -> team("t9", env.getArgument("name"))))
            .type(
                TypeRuntimeWiring.newTypeWiring("Team")
                    .dataFetcher("computed", env -> "computed " + ((Team) env.getSource()).id()))
            .type(TypeRuntimeWiring.newTypeWiring("Named").typeResolver(env -> null));
    // as Spring for GraphQL installs it: the accessor factory answers every field without one
    List<graphql.schema.idl.WiringFactory> factories = new ArrayList<>();
    new AccessorDataFetchers().configure(wiring, factories);
    wiring.wiringFactory(factories.get(0));
    return new SchemaGenerator()
        .makeExecutableSchema(new SchemaParser().parse(SDL), wiring.build());
  }

  final GraphQL reference = GraphQL.newGraphQL(schema).build();
  final PlainTreeExecutionStrategy strategy =
      new PlainTreeExecutionStrategy(new SimpleDataFetcherExceptionHandler());
  final GraphQL plain = GraphQL.newGraphQL(schema).queryExecutionStrategy(strategy).build();

  /**
   * Runs the query on both and returns the plain strategy's answer, checked equal to
   * graphql-java's.
   */
  Map<String, Object> same(String query, Map<String, Object> variables) {
    ExecutionResult expected =
        reference.execute(ExecutionInput.newExecutionInput(query).variables(variables).build());
    ExecutionResult actual =
        plain.execute(ExecutionInput.newExecutionInput(query).variables(variables).build());
    assertThat(actual.toSpecification()).isEqualTo(expected.toSpecification());
    return actual.toSpecification();
  }

  Map<String, Object> same(String query) {
    return same(query, Map.of());
  }

  @Test
  void answersEveryKindOfValueAsGraphQlJavaAndTakesTheShortcut() {
    long before = strategy.objectsCompleted();
    Map<String, Object> answer =
        same(
            """
            { team(id: "t1") { __typename id n: name size ratio active kind tags matrix founded
                nickname strictName
                members { name email kind __typename friends { name kind } }
                lead { name friends { name } }
                again: lead { email } } }""");
    assertThat(strategy.objectsCompleted()).isEqualTo(before + 1);
    assertThat(answer).doesNotContainKey("errors");
    assertThat(answer.toString())
        .contains("n=Team t1", "nickname=team t1", "founded=2024-05-01T10:15:30Z", "kind=LARGE");
  }

  @Test
  void appliesFragmentsAliasesAndConditionsWithTheVariablesOfTheRequest() {
    String query =
        """
        query($with: Boolean!) {
          teams { ...T members @include(if: $with) { name } ... on Team { size } }
          other: teams { id lead { ... on Person { name } } }
        }
        fragment T on Team { id name @skip(if: $with) kind }""";
    long before = strategy.objectsCompleted();
    Map<String, Object> with = same(query, Map.of("with", true));
    Map<String, Object> without = same(query, Map.of("with", false));
    assertThat(strategy.objectsCompleted()).isEqualTo(before + 8);
    assertThat(with.toString()).contains("members=").doesNotContain("name=Team t1");
    assertThat(without.toString()).contains("name=Team t1").doesNotContain("members=");
  }

  @Test
  void bubblesANullInANonNullFieldAsGraphQlJavaDoes() {
    GraphQLSchema broken = schema(List.of(team("t1", "one"), team("t2", null)));
    GraphQL expected = GraphQL.newGraphQL(broken).build();
    PlainTreeExecutionStrategy mine =
        new PlainTreeExecutionStrategy(new SimpleDataFetcherExceptionHandler());
    GraphQL actual = GraphQL.newGraphQL(broken).queryExecutionStrategy(mine).build();
    for (String query :
        List.of(
            "{ teams { id strictName } }",
            "{ looseTeams { id strictName } }",
            "{ team(id: \"t2\") { id strictName } }",
            "{ team(id: \"t1\") { members { name kind } } }")) {
      ExecutionResult e = expected.execute(query);
      ExecutionResult a = actual.execute(query);
      assertThat(a.toSpecification()).as(query).isEqualTo(e.toSpecification());
    }
    assertThat(expected.execute("{ teams { id strictName } }").getErrors()).hasSize(1);
    assertThat(expected.execute("{ looseTeams { id strictName } }").toSpecification().toString())
        .contains("looseTeams=[{id=t1, strictName=one}, null]");
  }

  @Test
  void handsBackWhatOnlyGraphQlJavaCanComplete() {
    // an accessor that throws, a future, a DataFetcherResult, a scalar that does not serialize,
    // a list field answered by a string: each as graphql-java answers it, errors and paths alike
    for (String field : List.of("boom", "later", "wrapped", "weird", "notAList")) {
      Map<String, Object> answer = same("{ teams { id " + field + " } }");
      assertThat(answer.toString()).as(field).contains("t1", "t2");
    }
    assertThat(same("{ teams { id boom } }")).containsKey("errors");
    assertThat(same("{ teams { id later wrapped } }").toString())
        .contains("later=later t1", "wrapped=wrapped t2");
  }

  @Test
  void leavesOperationsWithOtherFetchersOrAbstractTypesToGraphQlJava() {
    long before = strategy.objectsCompleted();
    same("{ teams { id computed } }");
    same("{ named { name } }");
    same("{ __schema { queryType { name } } }");
    same("{ team(id: \"t1\") { id } teams { computed } }");
    assertThat(strategy.objectsCompleted()).isEqualTo(before);
    same("{ team(id: \"t1\") { id } }");
    assertThat(strategy.objectsCompleted()).isEqualTo(before + 1);
  }

  @Test
  void completesMutationPayloadsThroughTheQueryStrategyAsGraphQlJava() {
    ExecutionResult expected = reference.execute("mutation { rename(name: \"x\") { id name } }");
    ExecutionResult actual = plain.execute("mutation { rename(name: \"x\") { id name } }");
    assertThat(actual.toSpecification()).isEqualTo(expected.toSpecification());
    assertThat(actual.toSpecification().toString()).contains("id=t9");
  }
}

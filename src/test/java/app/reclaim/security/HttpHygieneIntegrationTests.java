package app.reclaim.security;

import static org.assertj.core.api.Assertions.assertThat;

import app.reclaim.GraphQlHttp.Response;
import app.reclaim.IntegrationTest;
import app.reclaim.organizations.InstallOrganization;
import app.reclaim.organizations.OrganizationService;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * What every HTTP answer of the API gets right whatever its body: one credential per request,
 * methods the endpoint serves, headers that keep browsers and caches out, and the media type the
 * client asked for.
 */
class HttpHygieneIntegrationTests extends IntegrationTest {

  static final HttpClient CLIENT = HttpClient.newHttpClient();
  static final String QUERY = "{\"query\":\"{ organization { id } }\"}";
  static final String GRAPHQL_RESPONSE = "application/graphql-response+json";

  @Autowired OrganizationService organizations;

  String orgId;
  String admin;

  @BeforeEach
  void install() {
    orgId = freshOrgId();
    organizations.install(new InstallOrganization(orgId, "Hooli", "eu"));
    admin = "Bearer " + token(orgId, Role.ADMIN);
  }

  /** A request with exactly these headers, repeated names included (name, value, name, value…). */
  Response send(String method, String path, String body, String... headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    try {
      HttpResponse<String> response =
          CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Response(
          response.statusCode(),
          response.headers().firstValue("Content-Type").orElse(""),
          response.body(),
          response.headers().map());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  Response postQuery(String... headers) {
    List<String> all = new ArrayList<>(List.of("Content-Type", "application/json"));
    all.addAll(List.of(headers));
    return send("POST", "/graphql", QUERY, all.toArray(String[]::new));
  }

  String scimToken() {
    Response created =
        asAdmin(orgId).post("mutation { createScimToken(input: {label: \"Okta\"}) { secret } }");
    return created.read("$.data.createScimToken.secret");
  }

  String exportPath() {
    return "/exports/cleanup-runs/" + UUID.randomUUID() + "/items.csv";
  }

  @Nested
  class OneCredentialPerRequest {

    @Test
    void shouldRefuseTwoAuthorizationHeadersOnGraphQlWith400() {
      String other = "Bearer " + token(freshOrgId(), Role.ADMIN);

      for (Response response :
          List.of(
              postQuery("Authorization", admin, "Authorization", other),
              postQuery("Authorization", admin + ", " + other))) {
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat((String) response.read("$.errors[0].extensions.code"))
            .isEqualTo("BAD_USER_INPUT");
        assertThat((String) response.read("$.errors[0].message"))
            .contains("one Authorization header");
        assertThat(response.body()).doesNotContain("\"data\"");
        assertThat(response.header("WWW-Authenticate")).contains("error=\"invalid_request\"");
      }
    }

    @Test
    void shouldRefuseTwoAuthorizationHeadersOnExportsAndPlatformWith400() {
      String platform = "Bearer " + token(null, Role.PLATFORM);
      Response export =
          send("GET", exportPath(), null, "Authorization", admin, "Authorization", admin);
      Response install =
          send(
              "POST",
              "/platform/installations",
              "{\"orgId\":\"" + freshOrgId() + "\",\"name\":\"Twice\",\"region\":\"eu\"}",
              "Content-Type",
              "application/json",
              "Authorization",
              platform,
              "Authorization",
              platform);

      assertThat(export.status()).as(export.body()).isEqualTo(400);
      assertThat(install.status()).as(install.body()).isEqualTo(400);
      assertThat((String) install.read("$.error.code")).isEqualTo("BAD_USER_INPUT");
      assertThat((String) install.read("$.error.message")).contains("one Authorization header");
    }

    @Test
    void shouldRefuseTwoAuthorizationHeadersOnScimWith400() {
      String scim = "Bearer " + scimToken();

      Response response =
          send("GET", "/scim/v2/Users", null, "Authorization", scim, "Authorization", scim);

      assertThat(response.status()).as(response.body()).isEqualTo(400);
      assertThat((String) response.read("$.status")).isEqualTo("400");
      assertThat((String) response.read("$.scimType")).isEqualTo("invalidSyntax");
      assertThat((String) response.read("$.detail")).contains("one Authorization header");
      assertThat(send("GET", "/scim/v2/Users", null, "Authorization", scim).status())
          .isEqualTo(200);
    }
  }

  @Nested
  class Methods {

    @Test
    void shouldAnswerOtherMethodsOnGraphQlWith405AndAllow() {
      for (String method : List.of("PUT", "DELETE", "PATCH", "GET")) {
        Response response =
            send(method, "/graphql", null, "Authorization", admin, "Accept", GRAPHQL_RESPONSE);

        assertThat(response.status()).as(method).isEqualTo(405);
        assertThat(response.header("Allow")).as(method).isEqualTo("POST");
        assertThat(response.contentType()).as(method).startsWith(GRAPHQL_RESPONSE);
        assertThat((String) response.read("$.errors[0].message"))
            .as(method)
            .contains(method)
            .contains("POST");
      }
      for (String method : List.of("HEAD", "OPTIONS")) {
        Response response = send(method, "/graphql", null, "Authorization", admin);

        assertThat(response.status()).as(method).isEqualTo(405);
        assertThat(response.header("Allow")).as(method).isEqualTo("POST");
      }
    }
  }

  @Nested
  class Headers {

    void assertNoSniff(Response response, String what) {
      assertThat(response.header("X-Content-Type-Options")).as(what).isEqualTo("nosniff");
    }

    void assertNoStore(Response response, String what) {
      assertNoSniff(response, what);
      assertThat(response.header("Cache-Control")).as(what).isEqualTo("no-store");
    }

    @Test
    void shouldKeepGraphQlExportAndScimAnswersOutOfCaches() {
      String scim = "Bearer " + scimToken();

      assertNoStore(postQuery("Authorization", admin), "GraphQL 200");
      assertNoStore(postQuery(), "GraphQL 401");
      assertNoStore(
          send(
              "POST",
              "/graphql",
              "{\"query\":\"{\"}",
              "Content-Type",
              "application/json",
              "Authorization",
              admin),
          "GraphQL 400");
      assertNoStore(send("PUT", "/graphql", null, "Authorization", admin), "GraphQL 405");
      assertNoStore(send("GET", exportPath(), null, "Authorization", admin), "export 404");
      assertNoStore(send("GET", exportPath(), null), "export 401");
      assertNoStore(send("GET", "/scim/v2/Users", null, "Authorization", scim), "SCIM 200");
      assertNoStore(send("GET", "/scim/v2/Users", null), "SCIM 401");
    }

    @Test
    void shouldTellBrowsersNotToSniffAnyAnswer() {
      assertNoSniff(
          send("POST", "/platform/installations", "{}", "Content-Type", "application/json"),
          "platform 401");
      assertNoSniff(send("GET", "/no-such-page", null), "404");
      assertNoSniff(send("GET", "/actuator/health", null), "health");
    }
  }

  @Nested
  class MediaTypes {

    @Test
    void shouldAnswerA401InTheMediaTypeAsked() {
      Map<String, String> expected =
          Map.of(
              "application/json",
              "application/json",
              GRAPHQL_RESPONSE,
              GRAPHQL_RESPONSE,
              // The first listed type that fits, as for executed requests.
              "application/json, " + GRAPHQL_RESPONSE,
              "application/json",
              "*/*",
              GRAPHQL_RESPONSE);
      expected.forEach(
          (accept, type) -> {
            Response response = postQuery("Accept", accept);

            assertThat(response.status()).as(accept).isEqualTo(401);
            assertThat(response.contentType()).as(accept).startsWith(type);
            assertThat((String) response.read("$.errors[0].extensions.code"))
                .isEqualTo("UNAUTHENTICATED");
          });
      // No Accept is read as application/json (GraphQL over HTTP), as for executed requests.
      assertThat(postQuery().contentType()).startsWith("application/json");
    }

    @Test
    void shouldAnswerA405InTheMediaTypeAsked() {
      Response response =
          send("DELETE", "/graphql", null, "Authorization", admin, "Accept", "application/json");

      assertThat(response.status()).isEqualTo(405);
      assertThat(response.contentType()).startsWith("application/json");
    }

    @Test
    void shouldAnswerABodyOrAcceptItCannotServeWith415Or406() {
      Response text =
          send(
              "POST",
              "/graphql",
              "{ organization { id } }",
              "Content-Type",
              "text/plain",
              "Authorization",
              admin,
              "Accept",
              "application/json");
      Response html =
          send(
              "POST",
              "/graphql",
              QUERY,
              "Content-Type",
              "application/json",
              "Authorization",
              admin,
              "Accept",
              "text/html");

      assertThat(text.status()).isEqualTo(415);
      assertThat(text.contentType()).startsWith("application/json");
      assertThat(text.header("Accept")).isEqualTo("application/json");
      assertThat((String) text.read("$.errors[0].message")).contains("application/json");
      assertThat(html.status()).isEqualTo(406);
      assertThat(html.contentType()).startsWith("application/json");
      assertThat((String) html.read("$.errors[0].extensions.code")).isEqualTo("BAD_USER_INPUT");
    }

    @Test
    void shouldAnswerAScim401AsApplicationJsonWhenAsked() {
      Response json = send("GET", "/scim/v2/Users", null, "Accept", "application/json");
      Response scim = send("GET", "/scim/v2/Users", null, "Accept", "application/scim+json");

      assertThat(json.status()).isEqualTo(401);
      assertThat(json.contentType()).startsWith("application/json");
      assertThat(scim.contentType()).startsWith("application/scim+json");
      assertThat((String) json.read("$.status")).isEqualTo("401");
    }
  }
}

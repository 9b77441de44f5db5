package app.reclaim.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import app.reclaim.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

/** In the application: the test profile runs the simulator on a free port with the demo org. */
class SimulatorIntegrationTests extends IntegrationTest {

  @Autowired AdminApiSimulator simulator;

  @Autowired Environment environment;

  @Test
  void shouldServeTheDemoOrgAtTheBaseUrlTheEnvironmentPublishes() {
    ApiClient api =
        new ApiClient(environment.getProperty("reclaim.simulator.base-url"), OrgSpec.DEMO_API_KEY);

    assertThat(simulator.baseUrl())
        .isEqualTo(environment.getProperty("reclaim.simulator.base-url"));
    assertThat(
            api.get("/v1/orgs/demo").json().path("data").path("attributes").path("name").asString())
        .isEqualTo("Demo Org");
    assertThat(api.searchAll("/v2/orgs/demo/directories/-/users/search", 100, "\"productAccess\""))
        .hasSize(2_000);
    assertThat(simulator.state("demo").groups()).hasSize(60);
  }

  @Test
  void shouldServeOrgsTestsAddAtRuntime() {
    String org = freshOrgId();
    String key = simulator.addOrg(org, 99, 25, 5);

    ApiClient.Result answer =
        new ApiClient(simulator.baseUrl(), key).get("/v2/orgs/" + org + "/directories");

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.json().path("data").size()).isEqualTo(1);
    assertThat(key).isNotEqualTo(OrgSpec.DEMO_API_KEY);
  }
}

package io.llmgateway.gateway.core;

import java.time.Duration;

import io.llmgateway.gateway.support.TestProperties;
import io.llmgateway.gateway.support.mock.MockProvider;
import io.llmgateway.gateway.support.mock.Replies;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway's own endpoints live under {@code llm.admin.path-prefix} and never shadow a route of the application:
 * the app's {@code /health} and {@code /key/**} routes answer even with LiteLLM's paths switched on; the public
 * health says only up or down; a switched-off group is gone.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		classes = AdminEndpointsPlacementTests.App.class,
		properties = {
				"llm.datasource.url=jdbc:h2:mem:admin-placement;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1",
				"llm.keys.enabled=true",
				"llm.keys.master-key=" + AdminEndpointsPlacementTests.MASTER, "llm.admin.litellm-paths=true",
				"llm.admin.cache.enabled=false",
				TestProperties.SECURITY_OFF })
class AdminEndpointsPlacementTests {

	static final String MASTER = "sk-placement-master";

	static final MockProvider upstream = new MockProvider();

	@LocalServerPort
	int port;

	WebTestClient http;

	@DynamicPropertySource
	static void routes(DynamicPropertyRegistry registry) {
		String uri = upstream.baseUrl().replace("/v1", "");
		registry.add("spring.cloud.gateway.server.webflux.routes[0].id", () -> "app-health");
		registry.add("spring.cloud.gateway.server.webflux.routes[0].uri", () -> uri);
		registry.add("spring.cloud.gateway.server.webflux.routes[0].predicates[0]", () -> "Path=/health");
		registry.add("spring.cloud.gateway.server.webflux.routes[1].id", () -> "app-keys");
		registry.add("spring.cloud.gateway.server.webflux.routes[1].uri", () -> uri);
		registry.add("spring.cloud.gateway.server.webflux.routes[1].predicates[0]", () -> "Path=/key/**");
	}

	@AfterAll
	static void stop() {
		upstream.close();
	}

	@BeforeEach
	void reset() {
		upstream.clear();
		upstream.behave(Replies.json(200, "{\"from\":\"app\"}"));
		// the first request of the class opens the database pool: give a loaded CI machine longer than the default 5 s
		http = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port)
			.responseTimeout(Duration.ofSeconds(30))
			.build();
	}

	@Test
	void theApplicationsOwnRoutesWinOverTheGatewaysEndpoints() throws Exception {
		http.get().uri("/health").exchange().expectStatus().isOk().expectBody().jsonPath("$.from").isEqualTo("app");
		http.get().uri("/key/list").header(HttpHeaders.AUTHORIZATION, "Bearer " + MASTER).exchange()
			.expectStatus().isOk().expectBody().jsonPath("$.from").isEqualTo("app");
		assertThat(upstream.take().path()).isEqualTo("/health");
		assertThat(upstream.take().path()).isEqualTo("/key/list");
	}

	@Test
	void theGatewaysEndpointsLiveUnderThePrefixAndAtLiteLlmPathsNobodyElseServes() {
		http.get().uri("/llm/key/list").header(HttpHeaders.AUTHORIZATION, "Bearer " + MASTER).exchange()
			.expectStatus().isOk().expectBody().jsonPath("$.keys").isArray();
		http.get().uri("/llm/key/list").exchange().expectStatus().isUnauthorized();
		// LiteLLM's unprefixed alias, switched on here, for a path the application does not route
		http.get().uri("/team/list").header(HttpHeaders.AUTHORIZATION, "Bearer " + MASTER).exchange()
			.expectStatus().isOk();
	}

	@Test
	void publicHealthSaysOnlyUpOrDownAndDetailsNeedTheAdminKey() {
		http.get().uri("/llm/health").exchange().expectStatus().isOk()
			.expectBody().json("{\"status\":\"up\"}", org.springframework.test.json.JsonCompareMode.STRICT);
		http.get().uri("/llm/health/readiness").exchange().expectStatus().isOk()
			.expectBody().jsonPath("$.unavailable_models").doesNotExist();
		http.get().uri("/llm/health").header(HttpHeaders.AUTHORIZATION, "Bearer " + MASTER).exchange()
			.expectStatus().isOk().expectBody().jsonPath("$.healthy_count").isNumber();
	}

	@Test
	void aSwitchedOffGroupIsNotServed() {
		http.get().uri("/llm/cache/ping").header(HttpHeaders.AUTHORIZATION, "Bearer " + MASTER).exchange()
			.expectStatus().isNotFound();
		http.get().uri("/cache/ping").header(HttpHeaders.AUTHORIZATION, "Bearer " + MASTER).exchange()
			.expectStatus().isNotFound();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {
	}
}

package io.llmgateway.gateway.core;

import io.llmgateway.gateway.support.TestProperties;
import io.llmgateway.gateway.support.mock.MockProvider;
import io.llmgateway.gateway.support.mock.Replies;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * An application whose own catch-all route would hide the gateway's endpoints can put them first, explicitly, with
 * {@code llm.admin.before-routes=true}: then {@code /llm/health} answers and every other path still goes to the app.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		classes = AdminEndpointsPlacementTests.App.class,
		properties = { "llm.database.enabled=false", "llm.admin.before-routes=true",
				TestProperties.SECURITY_OFF })
class AdminEndpointsBeforeRoutesTests {

	static final MockProvider upstream = new MockProvider();

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void routes(DynamicPropertyRegistry registry) {
		registry.add("spring.cloud.gateway.server.webflux.routes[0].id", () -> "catch-all");
		registry.add("spring.cloud.gateway.server.webflux.routes[0].uri", () -> upstream.baseUrl().replace("/v1", ""));
		registry.add("spring.cloud.gateway.server.webflux.routes[0].predicates[0]", () -> "Path=/**");
	}

	@AfterAll
	static void stop() {
		upstream.close();
	}

	@Test
	void theEndpointsAnswerAheadOfACatchAllRouteAndEverythingElseStillGoesToTheApp() {
		upstream.behave(Replies.json(200, "{\"from\":\"app\"}"));
		WebTestClient http = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
		http.get().uri("/llm/health").exchange().expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("up");
		http.get().uri("/health").exchange().expectStatus().isOk().expectBody().jsonPath("$.from").isEqualTo("app");
	}
}

package io.llmgateway.sample.e2e;

import java.util.List;

import io.llmgateway.gateway.support.mock.MockProvider.Received;
import io.llmgateway.sample.SampleGatewayApplication;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample gateway (its routes.example.yml routes and filters) on a random port, with one model alias per
 * provider family routed to a mock provider on loopback, and the master key the clients authenticate with. The
 * end-to-end test classes extend this so they share one application context and one set of mocks (which live as
 * long as the test JVM).
 */
@SpringBootTest(classes = SampleGatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "llm.database.path=./target/test-db/llm-${random.uuid}", "llm.keys.enabled=true",
				"llm.keys.master-key=" + GatewayWithMockProviders.MASTER_KEY })
abstract class GatewayWithMockProviders {

	static final String MASTER_KEY = "sk-e2e-gateway-master";

	/** Codex does not know this name: it sends its fallback tool set (a namespace tool, no apply_patch). */
	static final String ANTHROPIC_ALIAS = "claude-e2e";

	/** Named like an OpenAI model Codex knows, so Codex sends its full tool set (apply_patch, tool_search). */
	static final String OPENAI_ALIAS = "gpt-5.5";

	static final String GEMINI_ALIAS = "gemini-e2e";

	static final String ANTHROPIC_KEY = "sk-ant-upstream-e2e";

	static final String OPENAI_KEY = "sk-openai-upstream-e2e";

	static final String GEMINI_KEY = "gemini-upstream-e2e";

	static final AnthropicMock ANTHROPIC = new AnthropicMock();

	static final OpenAiMock OPENAI = new OpenAiMock();

	static final GeminiMock GEMINI = new GeminiMock();

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void models(DynamicPropertyRegistry registry) {
		model(registry, 0, ANTHROPIC_ALIAS, "anthropic", "claude-upstream-e2e", ANTHROPIC.baseUrl(), ANTHROPIC_KEY);
		model(registry, 1, OPENAI_ALIAS, "openai", "gpt-5-e2e-upstream", OPENAI.baseUrl() + "/v1", OPENAI_KEY);
		model(registry, 2, GEMINI_ALIAS, "gemini", "gemini-upstream-e2e", GEMINI.baseUrl(), GEMINI_KEY);
	}

	private static void model(DynamicPropertyRegistry registry, int i, String alias, String provider, String id,
			String apiBase, String key) {
		String prefix = "llm.models[" + i + "].";
		registry.add(prefix + "name", () -> alias);
		registry.add(prefix + "provider", () -> provider);
		registry.add(prefix + "model", () -> id);
		registry.add(prefix + "api-base", () -> apiBase);
		registry.add(prefix + "api-key", () -> key);
	}

	@BeforeEach
	void resetMocks() {
		ANTHROPIC.reset();
		OPENAI.reset();
		GEMINI.reset();
	}

	/** The gateway key authenticates the client at the gateway; no provider may ever see it. */
	@AfterEach
	void providersNeverSawTheGatewayKey() {
		for (FamilyMock mock : List.of(ANTHROPIC, OPENAI, GEMINI)) {
			for (Received request : mock.received()) {
				assertThat(request.headers().toString() + request.body()).as(mock.family() + " " + request.pathOnly())
					.doesNotContain(MASTER_KEY);
			}
		}
	}

	/** The one request a mock received. */
	static Received only(List<Received> requests) {
		assertThat(requests).as("requests the provider received").hasSize(1);
		return requests.get(0);
	}

	String gateway() {
		return "http://127.0.0.1:" + port;
	}
}

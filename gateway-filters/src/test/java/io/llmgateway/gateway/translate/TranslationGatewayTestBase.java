package io.llmgateway.gateway.translate;

import java.util.ArrayList;
import java.util.List;

import io.llmgateway.gateway.support.TestProperties;
import io.llmgateway.gateway.support.mock.MockProvider;
import io.llmgateway.gateway.support.mock.StrictProviders;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The real gateway on a random port with an OpenAI route ({@code /v1/chat/completions}) and an Anthropic route
 * ({@code /v1/messages}), and three validating mock providers on loopback: aliases {@code via-anthropic},
 * {@code via-gemini} and {@code via-openai}. Every subclass shares one Spring context.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		classes = TranslationGatewayTestBase.TestApp.class,
		properties = { "llm.database.enabled=false",
				TestProperties.SECURITY_OFF,
				"spring.cloud.gateway.server.webflux.routes[0].id=openai-chat",
				"spring.cloud.gateway.server.webflux.routes[0].uri=http://unused.invalid",
				"spring.cloud.gateway.server.webflux.routes[0].predicates[0]=Path=/v1/chat/completions",
				"spring.cloud.gateway.server.webflux.routes[0].predicates[1]=Method=POST",
				"spring.cloud.gateway.server.webflux.routes[0].filters[0]=LlmModel",
				"spring.cloud.gateway.server.webflux.routes[0].filters[1]=LlmTranslate",
				"spring.cloud.gateway.server.webflux.routes[1].id=anthropic-messages",
				"spring.cloud.gateway.server.webflux.routes[1].uri=http://unused.invalid",
				"spring.cloud.gateway.server.webflux.routes[1].predicates[0]=Path=/v1/messages",
				"spring.cloud.gateway.server.webflux.routes[1].predicates[1]=Method=POST",
				"spring.cloud.gateway.server.webflux.routes[1].filters[0]=LlmModel",
				"spring.cloud.gateway.server.webflux.routes[1].filters[1]=LlmTranslate",
				"spring.cloud.gateway.server.webflux.routes[2].id=anthropic-count-tokens",
				"spring.cloud.gateway.server.webflux.routes[2].uri=http://unused.invalid",
				"spring.cloud.gateway.server.webflux.routes[2].predicates[0]=Path=/v1/messages/count_tokens",
				"spring.cloud.gateway.server.webflux.routes[2].predicates[1]=Method=POST",
				"spring.cloud.gateway.server.webflux.routes[2].filters[0]=LlmModel",
				"spring.cloud.gateway.server.webflux.routes[2].filters[1]=LlmCountTokens",
				// one request a minute per end user: proves which end user a request is counted for
				"spring.cloud.gateway.server.webflux.routes[3].id=anthropic-limited-per-end-user",
				"spring.cloud.gateway.server.webflux.routes[3].uri=http://unused.invalid",
				"spring.cloud.gateway.server.webflux.routes[3].predicates[0]=Path=/limited/v1/messages",
				"spring.cloud.gateway.server.webflux.routes[3].filters[0]=LlmModel",
				"spring.cloud.gateway.server.webflux.routes[3].filters[1].name=LlmTokenRateLimit",
				"spring.cloud.gateway.server.webflux.routes[3].filters[1].args.by=end-user",
				"spring.cloud.gateway.server.webflux.routes[3].filters[1].args.rpm=1",
				"spring.cloud.gateway.server.webflux.routes[3].filters[2]=LlmTranslate",
				"llm.keys.enabled=false",
				"llm.router.fallbacks.unreachable-openai[0]=via-anthropic" })
abstract class TranslationGatewayTestBase {

	static final MockProvider anthropic = StrictProviders.anthropic();

	static final MockProvider gemini = StrictProviders.gemini();

	static final MockProvider openai = StrictProviders.openAi();

	/** Vertex (Claude and Gemini publishers) and Bedrock: record what they receive. */
	static final MockProvider cloud = StrictProviders.permissive();

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void models(DynamicPropertyRegistry registry) {
		List<String[]> models = new ArrayList<>();
		models.add(new String[] { "via-anthropic", "anthropic", "claude-test", anthropic.root() });
		models.add(new String[] { "via-gemini", "gemini", "gemini-test", gemini.root() });
		models.add(new String[] { "via-openai", "openai-compatible", "gpt-test", openai.root() + "/v1" });
		// nothing listens on port 1: every attempt fails to connect, and the router falls back to via-anthropic
		models.add(new String[] { "unreachable-openai", "openai-compatible", "gpt-test", "http://127.0.0.1:1/v1" });
		// gpt-5 family: a reasoning model, so efforts are sent (gpt-test is not one)
		models.add(new String[] { "via-openai-reasoning", "openai", "gpt-5.1", openai.root() + "/v1" });
		models.add(new String[] { "via-vertex-claude", "vertex", "claude-test@20260101", cloud.root() });
		models.add(new String[] { "via-vertex-gemini", "vertex", "gemini-test", cloud.root() });
		models.add(new String[] { "via-bedrock", "bedrock", "anthropic.claude-test-v1:0", cloud.root() });
		for (int i = 0; i < models.size(); i++) {
			String[] m = models.get(i);
			registry.add("llm.models[" + i + "].name", () -> m[0]);
			registry.add("llm.models[" + i + "].provider", () -> m[1]);
			registry.add("llm.models[" + i + "].model", () -> m[2]);
			registry.add("llm.models[" + i + "].api-key", () -> "provider-secret-" + m[1]);
			registry.add("llm.models[" + i + "].api-base", () -> m[3]);
			if (m[1].equals("vertex")) {
				registry.add("llm.models[" + i + "].vertex-project", () -> "test-project");
			}
		}
	}

	@BeforeEach
	void clearMocks() {
		anthropic.clear();
		gemini.clear();
		openai.clear();
		cloud.clear();
	}

	String baseUrl() {
		return "http://127.0.0.1:" + port;
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class TestApp {
	}
}

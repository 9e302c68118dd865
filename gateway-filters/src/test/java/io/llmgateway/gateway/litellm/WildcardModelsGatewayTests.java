package io.llmgateway.gateway.litellm;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;

import io.llmgateway.gateway.support.mock.AnyProtocolProvider;
import io.llmgateway.gateway.support.mock.MockProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Wildcard model names from a LiteLLM config on a real gateway: exact names win, any other id reaches the provider
 * of the most specific matching pattern unchanged, {@code /v1/models} lists the patterns, and virtual keys restricted
 * with patterns may use exactly the models the patterns match.
 */
class WildcardModelsGatewayTests {

	static final String MASTER = "sk-wildcard-master";

	static final AnyProtocolProvider provider = new AnyProtocolProvider();

	static LiteLlmGateways.Gateway gateway;

	@BeforeAll
	static void start() throws Exception {
		Map<String, String> props = new LinkedHashMap<>();
		props.put("OPENAI_API_BASE", provider.base() + "/openai/v1");
		props.put("OPENAI_API_KEY", "sk-openai");
		props.put("ANTHROPIC_API_BASE", provider.base() + "/anthropic");
		props.put("ANTHROPIC_API_KEY", "anthropic-key");
		props.put("llm.database.enabled", "true");
		props.put("llm.database.path", Files.createTempDirectory("wildcards").resolve("db").toString());
		gateway = LiteLlmGateways.start(LiteLlmGateways.corpus("wildcards.yaml"), props);
	}

	@AfterAll
	static void stop() {
		gateway.close();
		provider.close();
	}

	@Test
	void anExactNameWinsOverEveryWildcard() throws Exception {
		assertThat(gateway.chat("gpt-4o", MASTER).statusCode()).isEqualTo(200);
		MockProvider.Received r = provider.take();
		assertThat(r.path()).isEqualTo("/openai/v1/chat/completions");
		assertThat(r.body()).contains("\"model\":\"gpt-4o-exact-deployment\"");
	}

	@Test
	void aProviderPatternPassesAnUnknownModelIdThroughToThatProvider() throws Exception {
		HttpResponse<String> openai = gateway.chat("openai/gpt-9-preview-2031", MASTER);
		assertThat(openai.statusCode()).isEqualTo(200);
		MockProvider.Received r = provider.take();
		assertThat(r.path()).isEqualTo("/openai/v1/chat/completions");
		assertThat(r.header("authorization")).isEqualTo("Bearer sk-openai");
		assertThat(r.body()).contains("\"model\":\"gpt-9-preview-2031\"");
		assertThat(gateway.chat("anthropic/claude-opus-9", MASTER).statusCode()).isEqualTo(200);
		MockProvider.Received a = provider.take();
		assertThat(a.path()).isEqualTo("/anthropic/v1/messages");
		assertThat(a.header("x-api-key")).isEqualTo("anthropic-key");
		assertThat(a.body()).contains("\"model\":\"claude-opus-9\"");
	}

	@Test
	void theCatchAllPatternTakesEverythingElse() throws Exception {
		assertThat(gateway.chat("my-fine-tune:v3", MASTER).statusCode()).isEqualTo(200);
		assertThat(provider.take().body()).contains("\"model\":\"my-fine-tune:v3\"");
	}

	@Test
	void modelsListShowsThePatternsAsLiteLlmDoes() throws Exception {
		JsonNode list = JsonMapper.builder().build().readTree(gateway.get("/v1/models", MASTER).body());
		assertThat(list.get("data").valueStream().map(n -> n.get("id").asString()))
			.containsExactly("gpt-4o", "openai/*", "anthropic/*", "*");
	}

	@Test
	void keysRestrictedWithPatternsUseExactlyTheMatchingModels() throws Exception {
		HttpResponse<String> generated = gateway.post("/key/generate", "{\"models\":[\"openai/*\"]}", MASTER);
		assertThat(generated.statusCode()).isEqualTo(200);
		String key = JsonMapper.builder().build().readTree(generated.body()).get("key").asString();
		assertThat(gateway.chat("openai/gpt-4o-mini", key).statusCode()).isEqualTo(200);
		assertThat(provider.take().body()).contains("\"model\":\"gpt-4o-mini\"");
		HttpResponse<String> other = gateway.chat("anthropic/claude-3-haiku", key);
		assertThat(other.statusCode()).isEqualTo(403);
		assertThat(other.body()).contains("model_not_allowed");
		assertThat(gateway.chat("gpt-4o", key).statusCode()).isEqualTo(403);
	}
}

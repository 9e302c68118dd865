package io.llmgateway.gateway.litellm;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.llmgateway.gateway.observe.LlmObserveProperties;
import io.llmgateway.gateway.support.RequiresPostgres;
import io.llmgateway.gateway.support.RequiresRedis;
import io.llmgateway.gateway.support.mock.AnyProtocolProvider;
import io.llmgateway.gateway.support.mock.MockProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The corpus of real-shaped LiteLLM configs runs unchanged on a real gateway (random port): each provider receives
 * the URL, credentials and model id it expects, and routing, fallbacks, aliases, cache, keys and callbacks behave as
 * the config says.
 */
@ExtendWith(OutputCaptureExtension.class)
class LiteLlmCorpusGatewayTests {

	static final AnyProtocolProvider provider = new AnyProtocolProvider();

	static Map<String, String> env;

	@BeforeAll
	static void environment() throws Exception {
		String b = provider.base();
		env = new LinkedHashMap<>();
		env.put("AZURE_API_BASE", b + "/azure/");
		env.put("AZURE_API_KEY", "az-secret");
		env.put("OPENAI_API_BASE", b + "/openai/v1");
		env.put("OPENAI_API_KEY", "sk-openai-secret");
		env.put("GROQ_API_BASE", b + "/groq/openai/v1");
		env.put("GROQ_API_KEY", "gsk-secret");
		env.put("AWS_ACCESS_KEY_ID", "AKIDTESTKEY");
		env.put("AWS_SECRET_ACCESS_KEY", "aws-secret");
		env.put("BEDROCK_ENDPOINT", b + "/bedrock");
		env.put("VERTEX_API_BASE", b + "/vertex");
		env.put("VERTEX_SA_JSON", LiteLlmGateways.serviceAccountJson(b + "/token"));
		env.put("GEMINI_API_BASE", b + "/gemini/v1beta");
		env.put("GEMINI_API_KEY", "gemini-secret");
		env.put("ANTHROPIC_API_BASE", b + "/anthropic");
		env.put("ANTHROPIC_API_KEY", "anthropic-secret");
		env.put("OLLAMA_API_BASE", b + "/ollama");
		env.put("VLLM_API_BASE", b + "/vllm/v1");
		env.put("PRESET_BASE", b + "/preset/v1");
		env.put("PRESET_KEY", "preset-secret");
		env.put("COHERE_BASE", b + "/cohere");
	}

	@AfterAll
	static void stop() {
		provider.close();
	}

	@BeforeEach
	void clear() {
		provider.clear();
	}

	@Test
	void loadBalancingSpreadsOneNameOverAzureAndOpenAiWithAliasesAndRequestDefaults() throws Exception {
		try (LiteLlmGateways.Gateway gw = LiteLlmGateways.start(LiteLlmGateways.corpus("load-balancing.yaml"), env)) {
			Set<String> paths = new HashSet<>();
			for (int i = 0; i < 24; i++) {
				assertThat(gw.chat(i % 2 == 0 ? "gpt-4o" : "gpt4", null).statusCode()).isEqualTo(200);
				MockProvider.Received r = provider.take();
				paths.add(r.path());
				if (r.path().startsWith("/azure")) {
					assertThat(r.path()).isEqualTo("/azure/openai/deployments/gpt-4o-eu/chat/completions?api-version=2024-10-21");
					assertThat(r.header("api-key")).isEqualTo("az-secret");
					assertThat(r.header("authorization")).isNull();
				}
				else {
					assertThat(r.path()).isEqualTo("/openai/v1/chat/completions");
					assertThat(r.header("authorization")).isEqualTo("Bearer sk-openai-secret");
					assertThat(r.body()).contains("\"model\":\"gpt-4o\"");
				}
			}
			assertThat(paths).hasSize(2);
			assertThat(gw.chat("legacy-gpt", null).statusCode()).isEqualTo(200);
			provider.take();
			String models = gw.get("/v1/models", null).body();
			assertThat(models).contains("\"id\":\"gpt-4o\"", "\"id\":\"gpt4\"", "\"id\":\"llama-3\"")
				.doesNotContain("legacy-gpt");
			assertThat(gw.chat("llama-3", null).statusCode()).isEqualTo(200);
			MockProvider.Received groq = provider.take();
			assertThat(groq.path()).isEqualTo("/groq/openai/v1/chat/completions");
			assertThat(groq.header("authorization")).isEqualTo("Bearer gsk-secret");
			assertThat(groq.body()).contains("\"model\":\"llama-3.1-8b-instant\"", "\"max_tokens\":512",
					"\"temperature\":0.2");
		}
	}

	@Test
	void azureFailuresFallBackToTheOpenAiGroup() throws Exception {
		try (LiteLlmGateways.Gateway gw = LiteLlmGateways.start(LiteLlmGateways.corpus("azure-openai-fallbacks.yaml"),
				env)) {
			provider.fail("/openai/deployments/prod-gpt-4o/", 500);
			HttpResponse<String> response = gw.chat("azure-gpt-4o", null);
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(provider.take().path())
				.isEqualTo("/azure/openai/deployments/prod-gpt-4o/chat/completions?api-version=2024-08-01-preview");
			MockProvider.Received fallback = provider.take();
			assertThat(fallback.path()).isEqualTo("/openai/v1/chat/completions");
			assertThat(fallback.body()).contains("\"model\":\"gpt-4o\"");
			assertThat(response.headers().firstValue("x-llm-deployment")).hasValue("openai-gpt-4o#0");
		}
	}

	@Test
	void claudeOnBedrockAndVertexGeminiAndAnthropicGetTheirOwnUrlsAndCredentials() throws Exception {
		try (LiteLlmGateways.Gateway gw = LiteLlmGateways.start(LiteLlmGateways.corpus("bedrock-vertex-claude.yaml"),
				env)) {
			assertThat(gw.chat("claude-bedrock", null).statusCode()).isEqualTo(200);
			MockProvider.Received bedrock = provider.take();
			assertThat(bedrock.path()).isEqualTo("/bedrock/model/anthropic.claude-3-5-sonnet-20240620-v1%3A0/converse");
			assertThat(bedrock.header("authorization"))
				.startsWith("AWS4-HMAC-SHA256 Credential=AKIDTESTKEY/")
				.contains("/us-east-1/bedrock/aws4_request");

			assertThat(gw.chat("claude-vertex", null).statusCode()).isEqualTo(200);
			MockProvider.Received vertex = provider.take();
			assertThat(vertex.path()).isEqualTo("/vertex/v1/projects/test-project/locations/us-east5/publishers/"
					+ "anthropic/models/claude-3-5-sonnet@20240620:rawPredict");
			assertThat(vertex.header("authorization")).isEqualTo("Bearer ya29.test-token");
			assertThat(vertex.body()).contains("\"anthropic_version\":\"vertex-2023-10-16\"");

			assertThat(gw.chat("gemini-vertex", null).statusCode()).isEqualTo(200);
			assertThat(provider.take().path()).isEqualTo("/vertex/v1/projects/test-project/locations/us-east5/"
					+ "publishers/google/models/gemini-1.5-pro:generateContent");

			assertThat(gw.chat("gemini-studio", null).statusCode()).isEqualTo(200);
			MockProvider.Received gemini = provider.take();
			assertThat(gemini.path()).isEqualTo("/gemini/v1beta/models/gemini-1.5-flash:generateContent");
			assertThat(gemini.header("x-goog-api-key")).isEqualTo("gemini-secret");

			assertThat(gw.chat("claude-direct", null).statusCode()).isEqualTo(200);
			MockProvider.Received anthropic = provider.take();
			assertThat(anthropic.path()).isEqualTo("/anthropic/v1/messages");
			assertThat(anthropic.header("x-api-key")).isEqualTo("anthropic-secret");
			assertThat(anthropic.body()).contains("\"model\":\"claude-3-5-sonnet-20240620\"");
		}
	}

	@Test
	void ollamaAndVllmServeLocalModels() throws Exception {
		try (LiteLlmGateways.Gateway gw = LiteLlmGateways.start(LiteLlmGateways.corpus("ollama.yaml"), env)) {
			assertThat(gw.chat("llama3", null).statusCode()).isEqualTo(200);
			MockProvider.Received ollama = provider.take();
			assertThat(ollama.path()).isEqualTo("/ollama/api/chat");
			assertThat(ollama.body()).contains("\"model\":\"llama3.1\"");
			assertThat(gw.chat("mistral-local", null).statusCode()).isEqualTo(200);
			assertThat(provider.take().body()).contains("\"model\":\"mistral\"");
			assertThat(gw.chat("qwen-vllm", null).statusCode()).isEqualTo(200);
			MockProvider.Received vllm = provider.take();
			assertThat(vllm.path()).isEqualTo("/vllm/v1/chat/completions");
			assertThat(vllm.body()).contains("\"model\":\"Qwen/Qwen2.5-7B-Instruct\"");
		}
	}

	@Test
	void everyOpenAiCompatiblePrefixAndCohereReachTheirServerWithTheBareModelId() throws Exception {
		try (LiteLlmGateways.Gateway gw = LiteLlmGateways.start(
				LiteLlmGateways.corpus("openai-compatible-presets.yaml"), env)) {
			Map<String, String> expected = new LinkedHashMap<>();
			expected.put("deepseek", "deepseek-chat");
			expected.put("mistral", "mistral-large-latest");
			expected.put("together", "meta-llama/Llama-3-70b-chat-hf");
			expected.put("openrouter", "google/palm-2-chat-bison");
			expected.put("xai", "grok-2-latest");
			expected.put("fireworks", "accounts/fireworks/models/llama-v3-70b-instruct");
			expected.put("volcengine", "ep-2024-abc");
			expected.put("lmstudio", "llama-3-8b");
			expected.put("groq", "llama3-70b-8192");
			expected.put("plain-gpt", "gpt-4o-mini");
			for (Map.Entry<String, String> e : expected.entrySet()) {
				assertThat(gw.chat(e.getKey(), null).statusCode()).as(e.getKey()).isEqualTo(200);
				MockProvider.Received r = provider.take();
				assertThat(r.path()).as(e.getKey()).isEqualTo("/preset/v1/chat/completions");
				assertThat(r.body()).as(e.getKey()).contains("\"model\":\"" + e.getValue() + "\"");
				if (!e.getKey().equals("lmstudio")) {
					assertThat(r.header("authorization")).as(e.getKey()).isEqualTo("Bearer preset-secret");
				}
			}
			assertThat(gw.chat("cohere", null).statusCode()).isEqualTo(200);
			MockProvider.Received cohere = provider.take();
			assertThat(cohere.path()).isEqualTo("/cohere/v2/chat");
			assertThat(cohere.body()).contains("\"model\":\"command-r-plus\"");
		}
	}

	@Test
	@RequiresRedis
	void redisCacheAnswersARepeatedRequestWithoutTheProvider() throws Exception {
		Map<String, String> props = new LinkedHashMap<>(env);
		props.put("REDIS_HOST", "127.0.0.1");
		props.put("REDIS_PORT", "6379");
		props.put("CACHE_NAMESPACE", "litellm-test-" + UUID.randomUUID());
		try (LiteLlmGateways.Gateway gw = LiteLlmGateways.start(LiteLlmGateways.corpus("redis-cache.yaml"), props)) {
			String body = "{\"model\":\"gpt-4o-mini\",\"temperature\":0,\"messages\":[{\"role\":\"user\",\"content\":\""
					+ UUID.randomUUID() + "\"}]}";
			assertThat(gw.post("/v1/chat/completions", body, null).statusCode()).isEqualTo(200);
			provider.take();
			HttpResponse<String> second = null;
			for (int i = 0; i < 50; i++) {
				second = gw.post("/v1/chat/completions", body, null);
				if (provider.poll(Duration.ofMillis(50)) == null) {
					break;
				}
				Thread.sleep(100);
			}
			assertThat(second.statusCode()).isEqualTo(200);
			assertThat(provider.poll(Duration.ofMillis(200))).isNull();
			assertThat(second.body()).contains("hi from /openai/v1/chat/completions");
		}
	}

	@Test
	@RequiresPostgres
	void masterKeyFromTheEnvironmentProtectsRoutesAndPricesShowInModelInfo() throws Exception {
		Map<String, String> props = new LinkedHashMap<>(env);
		props.put("LITELLM_MASTER_KEY", "sk-corpus-master");
		props.put("llm.database.enabled", "true");
		try (ThrowAwaySchema schema = new ThrowAwaySchema()) {
			props.put("DATABASE_URL", schema.liteLlmUrl());
			try (LiteLlmGateways.Gateway gw = LiteLlmGateways.start(LiteLlmGateways.corpus("budgets.yaml"), props)) {
				budgetsConfigRuns(gw, schema);
			}
		}
	}

	private void budgetsConfigRuns(LiteLlmGateways.Gateway gw, ThrowAwaySchema schema) throws Exception {
		assertThat(gw.context().getEnvironment().getProperty("llm.datasource.url"))
			.isEqualTo("jdbc:postgresql://127.0.0.1:5432/test");
		assertThat(gw.context().getEnvironment().getProperty("llm.datasource.schema")).isEqualTo(schema.name);
		assertThat(gw.chat("gpt-4o", null).statusCode()).isEqualTo(401);
		assertThat(gw.chat("gpt-4o", "sk-corpus-master").statusCode()).isEqualTo(200);
		provider.take();
		assertThat(gw.get("/model/info", null).statusCode()).isEqualTo(401);
		String info = gw.get("/model/info", "sk-corpus-master").body();
		assertThat(info).contains("\"input_cost_per_token\":0.0000025", "\"api_key\":\"********\"")
			.doesNotContain("sk-openai-secret");
		assertThat(gw.context().getBean(LiteLlmConfigFile.class).report().unsupportedKeys())
			.contains("litellm_settings.max_budget", "litellm_settings.budget_duration");
	}

	@Test
	void slackAlertingAndGenericCallbacksGoToTheirWebhooks(CapturedOutput output) throws Exception {
		Map<String, String> props = new LinkedHashMap<>(env);
		props.put("SLACK_WEBHOOK_URL", provider.base() + "/slack/hook");
		props.put("GENERIC_LOGGER_ENDPOINT", provider.base() + "/callback");
		try (LiteLlmGateways.Gateway gw = LiteLlmGateways.start(LiteLlmGateways.corpus("slack-alerting.yaml"), props)) {
			LlmObserveProperties observe = gw.context().getBean(LlmObserveProperties.class);
			assertThat(observe.alerts().webhookUrl()).hasToString(provider.base() + "/slack/hook");
			assertThat(observe.logPrompts()).isFalse();
			assertThat(gw.chat("gpt-4o", null).statusCode()).isEqualTo(200);
			assertThat(provider.take().path()).isEqualTo("/openai/v1/chat/completions");
			MockProvider.Received callback = provider.take();
			assertThat(callback.path()).isEqualTo("/callback");
			assertThat(callback.body()).contains("gpt-4o").doesNotContain("Hello");
			assertThat(gw.context().getBean(LiteLlmConfigFile.class).report().unsupportedKeys())
				.contains("litellm_settings.failure_callback: langfuse", "general_settings.alert_types: daily_reports");
			// one warning at start-up names every key that is not honoured
			String log = output.getAll();
			assertThat(log.split("these keys are NOT supported", -1)).hasSize(2);
			assertThat(log).contains("litellm_settings.failure_callback: langfuse",
					"general_settings.alert_types: daily_reports", "general_settings.alerting_threshold: alerts when");
		}
	}
}

package io.llmgateway.gateway.litellm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.llmgateway.gateway.core.LlmProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Translation of LiteLLM configs into the gateway's properties, without starting a gateway. */
class LiteLlmTranslatorTests {

	private static final Map<String, String> ENV = Map.ofEntries(Map.entry("AZURE_API_BASE", "https://eu.openai.azure.com/"),
			Map.entry("AZURE_API_KEY", "az-key"), Map.entry("OPENAI_API_KEY", "sk-openai"),
			Map.entry("OPENAI_API_BASE", "https://api.openai.com/v1"), Map.entry("GROQ_API_KEY", "gsk"),
			Map.entry("GROQ_API_BASE", "https://api.groq.com/openai/v1"), Map.entry("AWS_ACCESS_KEY_ID", "AKID"),
			Map.entry("AWS_SECRET_ACCESS_KEY", "secret"), Map.entry("BEDROCK_ENDPOINT", "https://bedrock.example"),
			Map.entry("VERTEX_SA_JSON", "/etc/sa.json"), Map.entry("VERTEX_API_BASE", "https://vertex.example"),
			Map.entry("GEMINI_API_KEY", "g"), Map.entry("GEMINI_API_BASE", "https://generativelanguage.googleapis.com/v1beta"),
			Map.entry("ANTHROPIC_API_KEY", "a"), Map.entry("ANTHROPIC_API_BASE", "https://api.anthropic.com"),
			Map.entry("OLLAMA_API_BASE", "http://localhost:11434"), Map.entry("VLLM_API_BASE", "http://vllm:8000/v1"),
			Map.entry("REDIS_HOST", "127.0.0.1"), Map.entry("REDIS_PORT", "6379"), Map.entry("CACHE_NAMESPACE", "ns"),
			Map.entry("LITELLM_MASTER_KEY", "sk-master"), Map.entry("DATABASE_URL",
					"postgresql://llm:p%40ss@db.example:5432/litellm?schema=litellm_tables&sslmode=require"),
			Map.entry("SLACK_WEBHOOK_URL", "https://hooks.slack.test/x"), Map.entry("GENERIC_LOGGER_ENDPOINT",
					"https://logs.example/ingest"), Map.entry("PRESET_KEY", "k"), Map.entry("PRESET_BASE",
							"http://presets.example/v1"), Map.entry("COHERE_BASE", "https://api.cohere.ai/v1/chat"));

	static LiteLlmTranslation translate(String corpus) throws IOException {
		return LiteLlmTranslator.translate(LiteLlmGateways.corpus(corpus), ENV::get);
	}

	@ParameterizedTest
	@ValueSource(strings = { "load-balancing.yaml", "azure-openai-fallbacks.yaml", "bedrock-vertex-claude.yaml",
			"ollama.yaml", "redis-cache.yaml", "budgets.yaml", "slack-alerting.yaml", "wildcards.yaml",
			"openai-compatible-presets.yaml" })
	void everyCorpusConfigTranslatesToModels(String corpus) throws IOException {
		LiteLlmTranslation t = translate(corpus);
		assertThat(t.models()).isNotEmpty().allSatisfy(m -> {
			assertThat(m.name()).isNotBlank();
			assertThat(m.provider()).isNotBlank();
			assertThat(m.model()).isNotBlank();
		});
	}

	@Test
	void providerPrefixesAndApiBasesTakeLiteLlmsMeaning() throws IOException {
		List<LlmProperties.Model> models = translate("bedrock-vertex-claude.yaml").models();
		assertThat(models).extracting(LlmProperties.Model::provider)
			.containsExactly("bedrock", "vertex", "vertex", "gemini", "anthropic");
		assertThat(models.get(0).model()).isEqualTo("anthropic.claude-3-5-sonnet-20240620-v1:0");
		assertThat(models.get(0).awsRegion()).isEqualTo("us-east-1");
		assertThat(models.get(0).awsAccessKeyId()).isEqualTo("AKID");
		assertThat(models.get(1).model()).isEqualTo("claude-3-5-sonnet@20240620");
		assertThat(models.get(1).vertexCredentials()).isEqualTo("/etc/sa.json");
		assertThat(models.get(3).apiBase()).isEqualTo("https://generativelanguage.googleapis.com/v1beta");
		List<LlmProperties.Model> presets = translate("openai-compatible-presets.yaml").models();
		assertThat(presets).extracting(LlmProperties.Model::provider)
			.containsExactly("deepseek", "mistral", "together", "openrouter", "xai", "fireworks", "volcengine",
					"lmstudio", "groq", "cohere", "openai-compatible");
		assertThat(presets.get(2).model()).isEqualTo("meta-llama/Llama-3-70b-chat-hf");
		assertThat(presets.get(9).apiBase()).isEqualTo("https://api.cohere.ai");
		LlmProperties.Model azure = translate("load-balancing.yaml").models().get(0);
		assertThat(azure.provider()).isEqualTo("azure");
		assertThat(azure.model()).isEqualTo("gpt-4o-eu");
		assertThat(azure.apiBase()).isEqualTo("https://eu.openai.azure.com");
		assertThat(azure.apiVersion()).isEqualTo("2024-10-21");
		assertThat(azure.rpm()).isEqualTo(900);
		assertThat(azure.id()).isEqualTo("azure-eu");
	}

	@Test
	void settingsSectionsBecomeTheGatewaysProperties() throws IOException {
		Map<String, Object> p = translate("load-balancing.yaml").properties();
		assertThat(p).containsEntry("llm.router.strategy", "simple-shuffle")
			.containsEntry("llm.router.num-retries", 2L)
			.containsEntry("llm.router.cooldown", "30000ms")
			.containsEntry("llm.drop-params", true)
			.containsEntry("llm.model.aliases[gpt4]", "gpt-4o")
			.containsEntry("llm.model.hidden-aliases[0]", "legacy-gpt")
			// router_settings.timeout wins over litellm_settings.request_timeout; a deployment's own timeout stays
			.containsEntry("llm.models[0].timeout", "60000ms")
			.containsEntry("llm.models[1].timeout", "30000ms");
		assertThat(translate("load-balancing.yaml").defaults().get("llama-3"))
			.isEqualTo(new LiteLlmTranslation.RequestDefaults(0.2, 512));
		Map<String, Object> f = translate("azure-openai-fallbacks.yaml").properties();
		assertThat(f).containsEntry("llm.router.fallbacks[azure-gpt-4o][0]", "openai-gpt-4o")
			.containsEntry("llm.router.context-window-fallbacks[azure-gpt-4o][0]", "gpt-4o-long")
			.containsEntry("llm.router.retry-policy.timeout", 1L)
			.containsEntry("llm.router.retry-policy.rate-limit", 2L)
			.containsEntry("llm.router.num-retries", 0L)
			.containsEntry("llm.router.default-fallbacks[0]", "openai-gpt-4o")
			.containsEntry("llm.models[0].max-input-tokens", 128000L);
		Map<String, Object> c = translate("redis-cache.yaml").properties();
		assertThat(c).containsEntry("llm.cache.enabled", true)
			.containsEntry("llm.cache.backend", "redis")
			.containsEntry("llm.cache.ttl", "600000ms")
			.containsEntry("llm.cache.redis.key-prefix", "ns:")
			.containsEntry("spring.data.redis.host", "127.0.0.1")
			.containsEntry("spring.data.redis.port", "6379");
		Map<String, Object> b = translate("budgets.yaml").properties();
		assertThat(b).containsEntry("llm.keys.master-key", "sk-master")
			.containsEntry("llm.keys.enabled", true)
			.containsEntry("llm.datasource.url", "jdbc:postgresql://db.example:5432/litellm?sslmode=require")
			.containsEntry("llm.datasource.username", "llm")
			.containsEntry("llm.datasource.password", "p@ss")
			.containsEntry("llm.datasource.schema", "litellm_tables")
			.containsEntry("llm.spend.budgets[0].scope", "end-user")
			.containsEntry("llm.spend.budgets[0].max-budget", "5")
			.containsEntry("llm.rate-limit.limits[0].by", "global")
			.containsEntry("llm.rate-limit.limits[0].max-parallel", 200L)
			.containsEntry("llm.models[0].pricing.input-per-million", "2.5")
			.containsEntry("llm.models[0].pricing.output-per-million", "10")
			.containsEntry("llm.keys.access-groups[beta-models][0]", "gpt-4o");
		Map<String, Object> s = translate("slack-alerting.yaml").properties();
		assertThat(s).containsEntry("llm.observe.alerts.webhook-url", "https://hooks.slack.test/x")
			.containsEntry("llm.observe.callbacks[0].url", "https://logs.example/ingest")
			.containsEntry("llm.observe.callbacks[0].events", "success,failure")
			.containsEntry("llm.observe.log-prompts", false)
			.containsEntry("llm.observe.alerts.error-rate.enabled", true)
			.containsEntry("llm.observe.alerts.latency.enabled", true);
	}

	@Test
	void theWarningNamesEachUnsupportedKeyAndExplainsDifferentMeanings() throws IOException {
		Path file = Files.createTempFile("litellm-", ".yaml");
		Files.writeString(file, """
				model_list:
				  - model_name: gpt
				    litellm_params:
				      model: openai/gpt-4o
				      api_key: sk-1
				      max_retries: 4
				      mock_response: "hi"
				    model_info:
				      health_check_model: openai/gpt-4o-mini
				  - model_name: sagemaker
				    litellm_params:
				      model: sagemaker/jumpstart-dft-meta
				litellm_settings:
				  set_verbose: true
				  max_budget: 10
				  success_callback: ["langfuse"]
				  cache: true
				  cache_params:
				    type: redis-semantic
				router_settings:
				  enable_tag_filtering: true
				  allowed_fails_policy: { RateLimitErrorAllowedFails: 10 }
				  stream_timeout: 30
				general_settings:
				  master_key: sk-m
				  enable_jwt_auth: true
				  alerting: ["email"]
				guardrails: []
				""");
		TranslationReport report = LiteLlmTranslator.translate(file, n -> null).report();
		List<String> expected = List.of("model_list[0].litellm_params.max_retries",
				"model_list[0].litellm_params.mock_response", "model_list[0].model_info.health_check_model",
				"model_list[1].litellm_params.model", "litellm_settings.set_verbose", "litellm_settings.max_budget",
				"litellm_settings.success_callback: langfuse", "litellm_settings.cache_params.type=redis-semantic",
				"router_settings.enable_tag_filtering", "router_settings.allowed_fails_policy",
				"general_settings.enable_jwt_auth", "general_settings.alerting: email", "guardrails");
		assertThat(report.unsupportedKeys()).containsExactlyInAnyOrderElementsOf(expected);
		String warning = report.warning(file.toString());
		expected.forEach(key -> assertThat(warning).contains(key));
		assertThat(report.differences()).containsKeys("litellm_settings.cache", "router_settings.stream_timeout",
				"litellm_settings.max_budget", "model_list[1].litellm_params.model");
		assertThat(LiteLlmTranslator.translate(file, n -> null).models()).extracting(LlmProperties.Model::name)
			.containsExactly("gpt");
	}

	@Test
	void aMissingEnvironmentVariableStopsTheStartNamingItAndWhereItIsUsed() throws IOException {
		Path file = LiteLlmGateways.corpus("load-balancing.yaml");
		assertThatThrownBy(() -> LiteLlmTranslator.translate(file, n -> n.equals("AZURE_API_KEY") ? null : "x"))
			.isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("AZURE_API_KEY (used by model_list[0].litellm_params.api_key)")
			.hasMessageNotContaining("OPENAI_API_KEY");
	}

	@Test
	void environmentVariablesOfTheFileResolveReferences() throws IOException {
		Path file = Files.createTempFile("litellm-", ".yaml");
		Files.writeString(file, """
				environment_variables:
				  MY_KEY: sk-from-file
				model_list:
				  - model_name: gpt
				    litellm_params: { model: gpt-4o, api_key: os.environ/MY_KEY }
				""");
		LlmProperties.Model m = LiteLlmTranslator.translate(file, n -> null).models().get(0);
		assertThat(m.apiKey()).isEqualTo("sk-from-file");
		assertThat(m.provider()).isEqualTo("openai");
	}

	@Test
	void onlyLiteLlmShapedFilesAreTakenFromTheConfigFlag() throws IOException {
		Path spring = Files.createTempFile("app-", ".yaml");
		Files.writeString(spring, "server:\n  port: 1\n");
		assertThat(LiteLlmTranslator.isLiteLlmConfig(spring)).isFalse();
		assertThat(LiteLlmTranslator.isLiteLlmConfig(LiteLlmGateways.corpus("ollama.yaml"))).isTrue();
	}
}

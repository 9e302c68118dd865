package io.llmgateway.gateway.litellm;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.llmgateway.gateway.core.Deployment;
import io.llmgateway.gateway.core.LlmProperties;
import io.llmgateway.gateway.core.ModelGroup;
import io.llmgateway.gateway.model.ModelSnapshot;

/**
 * {@code /model/info} in LiteLLM's shape ({@code data[]} of {@code model_name}, {@code litellm_params},
 * {@code model_info}) for every configured and stored deployment. Secrets (API keys, AWS secret keys, credential
 * files, header values) are masked: never returned, whoever asks.
 */
final class ModelInfoView {

	static final String MASK = "********";

	/** Gateway provider id → the LiteLLM prefix shown in {@code litellm_params.model}. */
	private static final Map<String, String> PREFIX = Map.ofEntries(Map.entry("openai", "openai"),
			Map.entry("openai-compatible", "openai"), Map.entry("azure", "azure"), Map.entry("anthropic", "anthropic"),
			Map.entry("gemini", "gemini"), Map.entry("vertex", "vertex_ai"), Map.entry("bedrock", "bedrock"),
			Map.entry("ollama", "ollama_chat"), Map.entry("cohere", "cohere"), Map.entry("groq", "groq"),
			Map.entry("deepseek", "deepseek"), Map.entry("mistral", "mistral"), Map.entry("together", "together_ai"),
			Map.entry("openrouter", "openrouter"), Map.entry("xai", "xai"), Map.entry("fireworks", "fireworks_ai"),
			Map.entry("volcengine", "volcengine"), Map.entry("vllm", "hosted_vllm"), Map.entry("lmstudio", "lm_studio"));

	private ModelInfoView() {
	}

	static Map<String, Object> render(ModelSnapshot snapshot, List<ModelStore.StoredModel> stored, String onlyId) {
		List<Object> data = new java.util.ArrayList<>();
		for (ModelGroup group : snapshot.groups()) {
			for (Deployment d : group.deployments()) {
				if (onlyId == null || onlyId.equals(d.id())) {
					boolean db = stored.stream().anyMatch(r -> r.id().equals(d.id()));
					data.add(entry(d, db));
				}
			}
		}
		return Map.of("data", data);
	}

	private static Map<String, Object> entry(Deployment d, boolean db) {
		LlmProperties.Model m = d.config();
		Map<String, Object> params = new LinkedHashMap<>();
		params.put("model", PREFIX.getOrDefault(d.provider(), d.provider()) + "/" + d.model());
		put(params, "api_base", m.apiBase());
		if (m.apiKey() != null) {
			params.put("api_key", MASK);
		}
		put(params, "api_version", m.apiVersion());
		put(params, "aws_region_name", m.awsRegion());
		if (m.awsAccessKeyId() != null) {
			params.put("aws_access_key_id", MASK);
		}
		if (m.awsSecretAccessKey() != null) {
			params.put("aws_secret_access_key", MASK);
		}
		put(params, "vertex_project", m.vertexProject());
		put(params, "vertex_location", m.vertexLocation());
		if (m.vertexCredentials() != null) {
			params.put("vertex_credentials", MASK);
		}
		put(params, "rpm", m.rpm());
		put(params, "tpm", m.tpm());
		put(params, "max_parallel_requests", m.maxParallel());
		put(params, "weight", m.weight());
		put(params, "order", m.order());
		put(params, "timeout", m.timeout() == null ? null : m.timeout().toMillis() / 1000.0);
		put(params, "stream_timeout", m.streamTimeout() == null ? null : m.streamTimeout().toMillis() / 1000.0);
		if (!m.headers().isEmpty()) {
			Map<String, Object> headers = new LinkedHashMap<>();
			m.headers().keySet().forEach(h -> headers.put(h, MASK));
			params.put("extra_headers", headers);
		}
		Map<String, Object> info = new LinkedHashMap<>();
		info.put("id", d.id());
		info.put("db_model", db);
		put(info, "max_input_tokens", m.maxInputTokens());
		LlmProperties.Pricing p = m.pricing();
		if (p != null) {
			put(info, "input_cost_per_token", perToken(p.inputPerMillion()));
			put(info, "output_cost_per_token", perToken(p.outputPerMillion()));
			put(info, "cache_read_input_token_cost", perToken(p.cacheReadPerMillion()));
			put(info, "cache_creation_input_token_cost", perToken(p.cacheWritePerMillion()));
		}
		Map<String, Object> out = new LinkedHashMap<>();
		out.put("model_name", d.group());
		out.put("litellm_params", params);
		out.put("model_info", info);
		return out;
	}

	private static BigDecimal perToken(BigDecimal perMillion) {
		return perMillion == null ? null : perMillion.movePointLeft(6).stripTrailingZeros();
	}

	private static void put(Map<String, Object> map, String key, Object value) {
		if (value != null) {
			map.put(key, value);
		}
	}
}

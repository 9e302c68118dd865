package io.llmgateway.gateway.provider;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The named OpenAI-compatible providers: each only sets a default {@code api-base} (overridable per deployment),
 * whether a key is required, and its quirks. The wire format is OpenAI Chat Completions with a bearer key.
 * @param id the {@code provider:} value
 * @param defaultApiBase the provider's public endpoint, ending where its SDKs expect (usually {@code /v1})
 * @param requiresApiKey false for local servers (vLLM, LM Studio)
 * @param mistralQuirks tool-call ids rewritten to nine alphanumerics; flat error bodies
 */
public record OpenAiCompatiblePreset(String id, URI defaultApiBase, boolean requiresApiKey, boolean mistralQuirks) {

	public static final List<OpenAiCompatiblePreset> ALL = List.of(
			preset("groq", "https://api.groq.com/openai/v1", true),
			preset("deepseek", "https://api.deepseek.com/v1", true),
			new OpenAiCompatiblePreset("mistral", URI.create("https://api.mistral.ai/v1"), true, true),
			preset("together", "https://api.together.xyz/v1", true),
			preset("openrouter", "https://openrouter.ai/api/v1", true),
			preset("xai", "https://api.x.ai/v1", true),
			preset("fireworks", "https://api.fireworks.ai/inference/v1", true),
			preset("volcengine", "https://ark.cn-beijing.volces.com/api/v3", true),
			preset("vllm", "http://localhost:8000/v1", false),
			preset("lmstudio", "http://localhost:1234/v1", false));

	public static final Map<String, OpenAiCompatiblePreset> BY_ID = ALL.stream()
		.collect(Collectors.toUnmodifiableMap(OpenAiCompatiblePreset::id, Function.identity()));

	private static OpenAiCompatiblePreset preset(String id, String base, boolean requiresApiKey) {
		return new OpenAiCompatiblePreset(id, URI.create(base), requiresApiKey, false);
	}
}

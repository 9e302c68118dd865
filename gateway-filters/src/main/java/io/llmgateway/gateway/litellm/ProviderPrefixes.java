package io.llmgateway.gateway.litellm;

import java.util.Locale;
import java.util.Map;

/**
 * LiteLLM's {@code litellm_params.model} ({@code <provider>/<model>}) and {@code api_base} per provider, mapped to
 * the gateway's {@code provider}, {@code model} and {@code api-base}. A plain name without a prefix gets the provider
 * LiteLLM infers for it ({@code gpt-*} OpenAI, {@code claude-*} Anthropic, {@code gemini-*} Vertex AI...).
 */
final class ProviderPrefixes {

	/** LiteLLM prefix → gateway provider id. */
	static final Map<String, String> PROVIDERS = Map.ofEntries(Map.entry("openai", "openai"),
			Map.entry("text-completion-openai", "openai"), Map.entry("azure", "azure"),
			Map.entry("anthropic", "anthropic"), Map.entry("gemini", "gemini"), Map.entry("vertex_ai", "vertex"),
			Map.entry("vertex_ai_beta", "vertex"), Map.entry("bedrock", "bedrock"), Map.entry("ollama", "ollama"),
			Map.entry("ollama_chat", "ollama"), Map.entry("cohere", "cohere"), Map.entry("cohere_chat", "cohere"),
			Map.entry("groq", "groq"), Map.entry("deepseek", "deepseek"), Map.entry("mistral", "mistral"),
			Map.entry("together_ai", "together"), Map.entry("openrouter", "openrouter"), Map.entry("xai", "xai"),
			Map.entry("fireworks_ai", "fireworks"), Map.entry("volcengine", "volcengine"),
			Map.entry("hosted_vllm", "vllm"), Map.entry("vllm", "vllm"), Map.entry("lm_studio", "lmstudio"),
			Map.entry("openai_like", "openai-compatible"), Map.entry("custom_openai", "openai-compatible"));

	/** A resolved provider and model. */
	record Target(String provider, String model) {
	}

	private ProviderPrefixes() {
	}

	/**
	 * @param model {@code litellm_params.model}
	 * @param customProvider {@code litellm_params.custom_llm_provider}, or null
	 * @param apiBase the (resolved) {@code api_base}, or null
	 * @return the target, or null when the provider is not supported (the caller names it)
	 */
	static Target target(String model, String customProvider, String apiBase) {
		String prefix = null;
		String rest = model;
		int slash = model.indexOf('/');
		if (customProvider != null && !customProvider.isBlank()) {
			prefix = customProvider.trim().toLowerCase(Locale.ROOT);
			if (slash > 0 && model.substring(0, slash).equalsIgnoreCase(prefix)) {
				rest = model.substring(slash + 1);
			}
		}
		else if (slash > 0) {
			prefix = model.substring(0, slash).toLowerCase(Locale.ROOT);
			rest = model.substring(slash + 1);
			if (!PROVIDERS.containsKey(prefix) && !looksLikeProvider(prefix)) {
				prefix = null;
				rest = model;
			}
		}
		if (prefix == null) {
			prefix = inferred(model);
			if (prefix == null) {
				return null;
			}
		}
		String provider = PROVIDERS.get(prefix);
		if (provider == null) {
			return null;
		}
		if (provider.equals("openai") && apiBase != null && !apiBase.contains("api.openai.com")) {
			// LiteLLM: openai/<anything> + api_base = any OpenAI-compatible server
			provider = "openai-compatible";
		}
		if (provider.equals("bedrock")) {
			rest = stripRoute(rest, "converse/", "invoke/");
		}
		return new Target(provider, rest);
	}

	/** A prefix that is not a LiteLLM provider but is written like one is reported, not taken as a model name. */
	private static boolean looksLikeProvider(String prefix) {
		return prefix.matches("[a-z0-9_]+") && (prefix.contains("_") || prefix.endsWith("ai"));
	}

	private static String stripRoute(String model, String... routes) {
		for (String r : routes) {
			if (model.startsWith(r)) {
				return model.substring(r.length());
			}
		}
		return model;
	}

	/** The provider LiteLLM infers for a model name without a prefix, or null. */
	static String inferred(String model) {
		String m = model.toLowerCase(Locale.ROOT);
		if (m.startsWith("gpt-") || m.startsWith("o1") || m.startsWith("o3") || m.startsWith("o4")
				|| m.startsWith("chatgpt-") || m.startsWith("text-embedding-") || m.startsWith("gpt4")) {
			return "openai";
		}
		if (m.startsWith("claude")) {
			return "anthropic";
		}
		if (m.startsWith("gemini")) {
			return "vertex_ai";
		}
		if (m.startsWith("command")) {
			return "cohere";
		}
		if (m.startsWith("mistral-") || m.startsWith("codestral") || m.startsWith("ministral")
				|| m.startsWith("open-mistral")) {
			return "mistral";
		}
		if (m.startsWith("deepseek-")) {
			return "deepseek";
		}
		return null;
	}

	/**
	 * {@code api_base} with LiteLLM's meaning turned into the gateway's: Anthropic and Cohere take the host root
	 * (a pasted endpoint path is cut), Azure the resource URL, Gemini the versioned prefix (LiteLLM calls
	 * {@code {api_base}/models/{model}:{method}}), the OpenAI family the base its SDK takes (usually {@code /v1}).
	 * @return the gateway's api-base
	 */
	static String apiBase(String provider, String apiBase) {
		String b = apiBase.trim();
		while (b.endsWith("/")) {
			b = b.substring(0, b.length() - 1);
		}
		return switch (provider) {
			case "anthropic" -> cut(b, "/v1/messages", "/v1");
			case "cohere" -> cut(b, "/v2/chat", "/v1/chat", "/v2", "/v1");
			case "azure" -> cut(b, "/openai");
			case "ollama" -> cut(b, "/api/chat", "/api/generate");
			case "openai", "openai-compatible", "groq", "deepseek", "mistral", "together", "openrouter", "xai",
					"fireworks", "volcengine", "vllm", "lmstudio" ->
				cut(b, "/chat/completions");
			default -> b;
		};
	}

	private static String cut(String base, String... suffixes) {
		for (String s : suffixes) {
			if (base.endsWith(s)) {
				return base.substring(0, base.length() - s.length());
			}
		}
		return base;
	}
}

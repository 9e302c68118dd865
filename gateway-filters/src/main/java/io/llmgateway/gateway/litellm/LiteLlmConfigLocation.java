package io.llmgateway.gateway.litellm;

import java.nio.file.Path;

import org.springframework.core.env.Environment;

/**
 * Where the LiteLLM config is: {@code llm.litellm.config}, else LiteLLM's own flag {@code --config FILE} when that
 * file is LiteLLM-shaped ({@code model_list} at the top; any other {@code --config} is left to the application).
 */
public final class LiteLlmConfigLocation {

	public static final String PROPERTY = "llm.litellm.config";

	private LiteLlmConfigLocation() {
	}

	/**
	 * The LiteLLM config file, or null; for the {@link LiteLlmEnvironmentPostProcessor}, which runs before any
	 * {@code llm.*} property is bound.
	 */
	public static Path find(Environment env) {
		return find(env.getProperty(PROPERTY), env.getProperty("config"));
	}

	/**
	 * The LiteLLM config file, or null.
	 * @param explicit {@code llm.litellm.config}, or null
	 * @param flag LiteLLM's {@code --config}, or null
	 */
	public static Path find(String explicit, String flag) {
		if (explicit != null && !explicit.isBlank()) {
			return Path.of(explicit.trim().replaceFirst("^file:", ""));
		}
		if (flag != null && !flag.isBlank()) {
			Path file = Path.of(flag.trim().replaceFirst("^file:", ""));
			if (LiteLlmTranslator.isLiteLlmConfig(file)) {
				return file;
			}
		}
		return null;
	}
}

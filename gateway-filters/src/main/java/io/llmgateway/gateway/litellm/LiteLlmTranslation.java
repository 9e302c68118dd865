package io.llmgateway.gateway.litellm;

import java.util.List;
import java.util.Map;

import io.llmgateway.gateway.core.LlmProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * A LiteLLM config translated: the {@code llm.*} (and Spring) properties it stands for, the request defaults per
 * model name, and the report of what is not honoured.
 * @param properties flat property names → values, as a property source holds them
 * @param defaults LiteLLM's per-deployment {@code temperature}/{@code max_tokens}, per model name
 * @param report unsupported keys and different meanings
 */
public record LiteLlmTranslation(Map<String, Object> properties, Map<String, RequestDefaults> defaults,
		TranslationReport report) {

	/** Defaults a request gets when it does not say. */
	public record RequestDefaults(Double temperature, Integer maxTokens) {
	}

	/** The models as the gateway binds them: the same binding as {@code llm.models} at start-up. */
	public List<LlmProperties.Model> models() {
		return new Binder(new MapConfigurationPropertySource(properties))
			.bind(LlmProperties.PREFIX + ".models", Bindable.listOf(LlmProperties.Model.class))
			.orElse(List.of());
	}

	/** {@code model_group_alias}: alias → model name. */
	public Map<String, String> aliases() {
		return new Binder(new MapConfigurationPropertySource(properties))
			.bind("llm.model.aliases", Bindable.mapOf(String.class, String.class))
			.orElse(Map.of());
	}

	public List<String> hiddenAliases() {
		return new Binder(new MapConfigurationPropertySource(properties))
			.bind("llm.model.hidden-aliases", Bindable.listOf(String.class))
			.orElse(List.of());
	}
}

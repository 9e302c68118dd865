package io.llmgateway.gateway.model;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code llm.model.*}: the switch of the model filters ({@code LlmModel}, {@code LlmModels}) and of the model
 * registry with its start-up validation of {@code llm.models}, and model-name aliases.
 * @param enabled register the filters and validate {@code llm.models} (default true)
 * @param aliases extra names for configured model names (LiteLLM's {@code model_group_alias}): a request for the
 * alias is served by the target's deployments
 * @param hiddenAliases aliases that work but are not listed by {@code /v1/models}
 */
@ConfigurationProperties(LlmModelProperties.PREFIX)
public record LlmModelProperties(@DefaultValue("true") boolean enabled, Map<String, String> aliases,
		List<String> hiddenAliases) {

	public static final String PREFIX = "llm.model";

	public LlmModelProperties {
		aliases = aliases == null ? Map.of() : Map.copyOf(aliases);
		hiddenAliases = hiddenAliases == null ? List.of() : List.copyOf(hiddenAliases);
	}

	Set<String> hidden() {
		return Set.copyOf(hiddenAliases);
	}
}

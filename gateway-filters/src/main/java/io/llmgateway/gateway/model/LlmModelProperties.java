package io.llmgateway.gateway.model;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code llm.model.*}: the switch of the model filters ({@code LlmModel}, {@code LlmModels}) and of the model
 * registry with its start-up validation of {@code llm.models}.
 * @param enabled register the filters and validate {@code llm.models} (default true)
 */
@ConfigurationProperties(LlmModelProperties.PREFIX)
public record LlmModelProperties(@DefaultValue("true") boolean enabled) {

	public static final String PREFIX = "llm.model";
}

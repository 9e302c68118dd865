package io.llmgateway.gateway.model;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How {@code llm.models} entries are loaded.
 * @param skipModelsWithoutApiKey {@code llm.skip-models-without-api-key}: skip (with a warning) entries whose
 * {@code api-key} resolved blank instead of refusing the start, so a sample listing many providers runs with the keys
 * it has
 */
@ConfigurationProperties("llm")
public record ModelLoadingProperties(boolean skipModelsWithoutApiKey) {
}

package io.llmgateway.gateway.core;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * Core of the LLM gateway: binds {@code llm.*}. Capability packages contribute their own auto-configurations.
 */
@AutoConfiguration
@EnableConfigurationProperties(LlmProperties.class)
public class LlmCoreAutoConfiguration {
}

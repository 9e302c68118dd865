package io.llmgateway.gateway.provider;

import io.llmgateway.gateway.core.ProviderAdapter;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The provider adapters for OpenAI and OpenAI-compatible servers, and the registry of all adapter beans. Other
 * providers contribute an adapter bean from their own auto-configuration.
 */
@AutoConfiguration
public class LlmProviderAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(OpenAiProviderAdapter.class)
	OpenAiProviderAdapter llmOpenAiProviderAdapter() {
		return new OpenAiProviderAdapter();
	}

	@Bean
	@ConditionalOnMissingBean(OpenAiCompatibleProviderAdapter.class)
	OpenAiCompatibleProviderAdapter llmOpenAiCompatibleProviderAdapter() {
		return new OpenAiCompatibleProviderAdapter();
	}

	@Bean
	@ConditionalOnMissingBean
	ProviderRegistry llmProviderRegistry(ObjectProvider<ProviderAdapter> adapters) {
		return new ProviderRegistry(adapters.orderedStream().toList());
	}
}

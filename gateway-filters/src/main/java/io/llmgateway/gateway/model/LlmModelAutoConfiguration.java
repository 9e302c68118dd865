package io.llmgateway.gateway.model;

import io.llmgateway.gateway.core.ClientCodecs;
import io.llmgateway.gateway.core.DeploymentSelector;
import io.llmgateway.gateway.core.IdentityResolver;
import io.llmgateway.gateway.core.LlmCoreAutoConfiguration;
import io.llmgateway.gateway.core.LlmExchangeInitializer;
import io.llmgateway.gateway.core.LlmProperties;
import io.llmgateway.gateway.provider.LlmProviderAutoConfiguration;
import io.llmgateway.gateway.provider.ProviderRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The model registry (validated {@code llm.models}), the default deployment selector and the {@code LlmModel} and
 * {@code LlmModels} filters. Switch: {@code llm.model.enabled}.
 */
@AutoConfiguration(after = { LlmCoreAutoConfiguration.class, LlmProviderAutoConfiguration.class })
@ConditionalOnProperty(prefix = LlmModelProperties.PREFIX, name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(LlmModelProperties.class)
public class LlmModelAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ModelRegistry llmModelRegistry(LlmProperties properties, ProviderRegistry providers) {
		return new ModelRegistry(properties, providers);
	}

	@Bean
	@ConditionalOnMissingBean
	DeploymentSelector llmDeploymentSelector() {
		return new WeightedRandomDeploymentSelector();
	}

	@Bean
	@ConditionalOnMissingBean
	LlmModelGatewayFilterFactory llmModelGatewayFilterFactory(ModelRegistry models, ClientCodecs codecs,
			LlmProperties properties, ObjectProvider<LlmExchangeInitializer> initializers,
			ObjectProvider<IdentityResolver> identityResolvers) {
		return new LlmModelGatewayFilterFactory(models, codecs, properties, initializers.orderedStream().toList(),
				identityResolvers.orderedStream().toList());
	}

	@Bean
	@ConditionalOnMissingBean
	LlmModelsGatewayFilterFactory llmModelsGatewayFilterFactory(ModelRegistry models) {
		return new LlmModelsGatewayFilterFactory(models);
	}
}

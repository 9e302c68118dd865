package io.llmgateway.gateway.model;

import io.llmgateway.gateway.core.ClientCodecs;
import io.llmgateway.gateway.core.DeploymentSelector;
import io.llmgateway.gateway.core.IdentityResolver;
import io.llmgateway.gateway.core.LlmCoreAutoConfiguration;
import io.llmgateway.gateway.core.LlmExchangeInitializer;
import io.llmgateway.gateway.core.LlmProperties;
import io.llmgateway.gateway.core.ProviderRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.gateway.config.GatewayProperties;
import org.springframework.cloud.gateway.filter.FilterDefinition;
import org.springframework.cloud.gateway.route.RouteDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The model registry (validated {@code llm.models}), the default deployment selector and the {@code LlmModel} and
 * {@code LlmModels} filters. Switch: {@code llm.model.enabled}.
 */
@AutoConfiguration(after = LlmCoreAutoConfiguration.class)
@ConditionalOnProperty(prefix = LlmModelProperties.PREFIX, name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties({ LlmModelProperties.class, ModelLoadingProperties.class })
public class LlmModelAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ModelRegistry llmModelRegistry(LlmProperties properties, LlmModelProperties modelProperties,
			ModelLoadingProperties loading, ProviderRegistry providers, ObjectProvider<GatewayProperties> gateway) {
		return new ModelRegistry(properties.models(), modelProperties.aliases(), modelProperties.hidden(), providers,
				routeUsingModels(gateway.getIfAvailable()),
				loading.skipModelsWithoutApiKey());
	}

	/** The first route (or default filter) that uses LlmModel: then an empty llm.models stops the start. */
	static String routeUsingModels(GatewayProperties gateway) {
		if (gateway == null) {
			return null;
		}
		for (FilterDefinition filter : gateway.getDefaultFilters()) {
			if (filter.getName() != null && filter.getName().startsWith("LlmModel")) {
				return "a default filter (" + filter.getName() + ")";
			}
		}
		for (RouteDefinition route : gateway.getRoutes()) {
			for (FilterDefinition filter : route.getFilters()) {
				if (filter.getName() != null && filter.getName().startsWith("LlmModel")) {
					return "route '" + route.getId() + "' (" + filter.getName() + ")";
				}
			}
		}
		return null;
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

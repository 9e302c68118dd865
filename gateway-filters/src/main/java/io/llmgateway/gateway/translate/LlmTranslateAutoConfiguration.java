package io.llmgateway.gateway.translate;

import io.llmgateway.gateway.core.DeploymentSelector;
import io.llmgateway.gateway.core.LlmProperties;
import io.llmgateway.gateway.core.RequestRouter;
import io.llmgateway.gateway.model.LlmModelAutoConfiguration;
import io.llmgateway.gateway.provider.LlmProviderAutoConfiguration;
import io.llmgateway.gateway.provider.ProviderRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The pooled upstream client, the dispatcher and the {@code LlmTranslate} filter. Switch:
 * {@code llm.translate.enabled}.
 */
@AutoConfiguration(after = { LlmModelAutoConfiguration.class, LlmProviderAutoConfiguration.class })
@ConditionalOnProperty(prefix = LlmTranslateProperties.PREFIX, name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(LlmTranslateProperties.class)
public class LlmTranslateAutoConfiguration {

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	UpstreamClient llmUpstreamClient(LlmTranslateProperties properties) {
		return new UpstreamClient(properties);
	}

	@Bean
	@ConditionalOnMissingBean
	UpstreamDispatcher llmUpstreamDispatcher(ProviderRegistry providers, UpstreamClient client,
			LlmTranslateProperties properties, LlmProperties llmProperties) {
		return new UpstreamDispatcher(providers, client, properties, llmProperties);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(DeploymentSelector.class)
	LlmTranslateGatewayFilterFactory llmTranslateGatewayFilterFactory(DeploymentSelector selector,
			UpstreamDispatcher dispatcher, ObjectProvider<RequestRouter> router) {
		return new LlmTranslateGatewayFilterFactory(selector, dispatcher, router.getIfAvailable());
	}
}

package io.llmgateway.gateway.translate;

import io.llmgateway.gateway.core.DeploymentSelector;
import io.llmgateway.gateway.core.EmbeddingsCaller;
import io.llmgateway.gateway.core.LlmProperties;
import io.llmgateway.gateway.core.ProviderRegistry;
import io.llmgateway.gateway.core.RequestRouter;
import io.llmgateway.gateway.core.UsageSettlement;
import io.llmgateway.gateway.model.LlmModelAutoConfiguration;
import io.llmgateway.gateway.model.ModelRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The one upstream path: the pooled {@link UpstreamClient}, the chat and embeddings dispatchers, the default
 * single-attempt {@link RequestRouter} (the routing capability declares its own), the {@code LlmTranslate} and
 * {@code LlmEmbeddings} filters and the {@link EmbeddingsCaller} for features. Switch: {@code llm.translate.enabled}.
 */
@AutoConfiguration(after = LlmModelAutoConfiguration.class)
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
	EmbeddingsDispatcher llmEmbeddingsDispatcher(ProviderRegistry providers, UpstreamClient client,
			LlmTranslateProperties properties) {
		return new EmbeddingsDispatcher(providers, client, properties);
	}

	/** Without routing ({@code llm.router.enabled=false}): one attempt on the selector's choice. */
	@Bean
	@ConditionalOnMissingBean(RequestRouter.class)
	@ConditionalOnBean(DeploymentSelector.class)
	SingleAttemptRouter llmSingleAttemptRouter(DeploymentSelector selector) {
		return new SingleAttemptRouter(selector);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(ModelRegistry.class)
	LlmTranslateGatewayFilterFactory llmTranslateGatewayFilterFactory(RequestRouter router,
			UpstreamDispatcher dispatcher) {
		return new LlmTranslateGatewayFilterFactory(router, dispatcher);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(ModelRegistry.class)
	LlmEmbeddingsGatewayFilterFactory llmEmbeddingsGatewayFilterFactory(RequestRouter router,
			EmbeddingsDispatcher dispatcher) {
		return new LlmEmbeddingsGatewayFilterFactory(router, dispatcher);
	}

	@Bean
	@ConditionalOnMissingBean(EmbeddingsCaller.class)
	@ConditionalOnBean(ModelRegistry.class)
	RoutedEmbeddingsCaller llmEmbeddingsCaller(ModelRegistry models, RequestRouter router,
			EmbeddingsDispatcher dispatcher, ObjectProvider<UsageSettlement> settlement) {
		return new RoutedEmbeddingsCaller(models, router, dispatcher,
				settlement.getIfAvailable(() -> UsageSettlement.NONE));
	}
}

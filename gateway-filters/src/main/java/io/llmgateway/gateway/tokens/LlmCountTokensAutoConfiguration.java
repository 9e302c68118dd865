package io.llmgateway.gateway.tokens;

import io.llmgateway.gateway.core.LlmProperties;
import io.llmgateway.gateway.core.TokenEstimator;
import io.llmgateway.gateway.core.ProviderRegistry;
import io.llmgateway.gateway.core.RequestRouter;
import io.llmgateway.gateway.translate.LlmTranslateAutoConfiguration;
import io.llmgateway.gateway.translate.LlmTranslateProperties;
import io.llmgateway.gateway.translate.UpstreamClient;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The {@code LlmCountTokens} filter for {@code POST /v1/messages/count_tokens}. Switch: {@code llm.count-tokens.enabled}.
 * Uses the rate limiter's {@link TokenEstimator} bean when there is one (same tokenizer settings), else its defaults.
 */
@AutoConfiguration(after = LlmTranslateAutoConfiguration.class,
		afterName = "io.llmgateway.gateway.ratelimit.LlmRateLimitAutoConfiguration")
@ConditionalOnProperty(prefix = CountTokensProperties.PREFIX, name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(CountTokensProperties.class)
public class LlmCountTokensAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean({ RequestRouter.class, UpstreamClient.class })
	LlmCountTokensGatewayFilterFactory llmCountTokensGatewayFilterFactory(RequestRouter router,
			ProviderRegistry providers, UpstreamClient client, LlmTranslateProperties translate,
			LlmProperties llm, CountTokensProperties properties, ObjectProvider<TokenEstimator> estimator) {
		return new LlmCountTokensGatewayFilterFactory(router, providers, client, translate, llm, properties,
				estimator.getIfAvailable(TokenEstimator::standard));
	}
}

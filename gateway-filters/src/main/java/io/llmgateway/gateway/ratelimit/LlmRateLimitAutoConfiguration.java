package io.llmgateway.gateway.ratelimit;

import io.llmgateway.gateway.core.LlmExchangeInitializer;
import io.llmgateway.gateway.core.LlmProperties;
import io.llmgateway.gateway.core.TokenEstimator;
import org.springframework.context.annotation.Configuration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import io.llmgateway.gateway.redis.LlmRedisAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import org.redisson.api.RedissonClient;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Token-based rate limiting ({@code llm.rate-limit.*}, switch: {@code llm.rate-limit.enabled}): the
 * {@code LlmTokenRateLimit} filter, its backend (local Bucket4j or Redis through the shared {@link RedissonClient}),
 * the {@link TokenEstimator} and the {@link DeploymentQuota} routing consults.
 */
@AutoConfiguration(after = LlmRedisAutoConfiguration.class)
@ConditionalOnProperty(prefix = RateLimitProperties.PREFIX, name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties({ RateLimitProperties.class, LlmProperties.class })
public class LlmRateLimitAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	TokenEstimator llmTokenEstimator(RateLimitProperties properties) {
		return TokenEstimator.standard(properties.charsPerToken(), properties.imageTokens());
	}

	/** Redisson is optional: this class is read only when it is present and the backend is Redis. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.redisson.api.RedissonClient")
	@ConditionalOnProperty(prefix = RateLimitProperties.PREFIX, name = "backend", havingValue = "redis")
	static class RedisBackendConfiguration {

		@Bean
		@ConditionalOnMissingBean
		RateLimitBackend llmRateLimitBackend(RateLimitProperties properties, ObjectProvider<RedissonClient> redisson) {
			RedissonClient client = redisson.getIfAvailable();
			if (client == null) {
				throw new IllegalStateException(
						"llm.rate-limit.backend=redis needs Redis: set spring.data.redis.* or provide a RedissonClient bean");
			}
			return new RedisRateLimitBackend(client, properties.keyPrefix(), properties.concurrencyTtl());
		}
	}

	@Bean
	@ConditionalOnMissingBean
	RateLimitBackend llmRateLimitBackend(RateLimitProperties properties) {
		return new LocalRateLimitBackend(properties.localMaxKeys());
	}

	@Bean
	@ConditionalOnMissingBean
	TokenRateLimiter llmTokenRateLimiter(RateLimitProperties properties, RateLimitBackend backend,
			TokenEstimator estimator, ObjectProvider<MeterRegistry> registry, ObjectProvider<QuotaFallbacks> fallbacks) {
		return new TokenRateLimiter(properties, backend, estimator, registry.getIfAvailable(() -> Metrics.globalRegistry),
				fallbacks.getIfAvailable(() -> QuotaFallbacks.NONE));
	}

	@Bean
	@ConditionalOnMissingBean
	DeploymentQuota llmDeploymentQuota(TokenRateLimiter limiter) {
		return limiter.deploymentQuota();
	}

	@Bean
	@ConditionalOnMissingBean
	LlmTokenRateLimitGatewayFilterFactory llmTokenRateLimitGatewayFilterFactory(TokenRateLimiter limiter) {
		return new LlmTokenRateLimitGatewayFilterFactory(limiter);
	}

	/** Only when some deployment declares a quota: otherwise there is nothing to record. */
	@Bean
	LlmExchangeInitializer llmDeploymentUsageRecorder(TokenRateLimiter limiter, LlmProperties llm) {
		boolean anyQuota = llm.models().stream().anyMatch(m -> m.rpm() != null || m.tpm() != null);
		return anyQuota ? new DeploymentUsageRecorder(limiter) : (ctx, exchange) -> {
		};
	}
}

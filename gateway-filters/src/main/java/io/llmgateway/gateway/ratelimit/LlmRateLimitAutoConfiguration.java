package io.llmgateway.gateway.ratelimit;

import io.llmgateway.gateway.core.FeatureLibraries;
import io.llmgateway.gateway.core.LlmExchangeInitializer;
import io.llmgateway.gateway.core.LlmProperties;
import io.llmgateway.gateway.core.TokenEstimator;
import io.llmgateway.gateway.core.UsageSettlement;
import io.llmgateway.gateway.redis.LlmRedisAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import org.redisson.api.RedissonClient;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Token-based rate limiting ({@code llm.rate-limit.*}, switch: {@code llm.rate-limit.enabled}): the
 * {@code LlmTokenRateLimit} filter, its backend (local Bucket4j or Redis through the shared {@link RedissonClient}),
 * the {@link TokenEstimator} and the {@link DeploymentQuota} routing consults.
 * <p>
 * The filter factory is always present, so a route naming {@code LlmTokenRateLimit} always loads: it limits when
 * the feature is on and its backend available, passes requests through when {@code llm.rate-limit.enabled=false},
 * and refuses them (fails closed) when the local backend's optional libraries, Bucket4j and Caffeine, are missing.
 */
@AutoConfiguration(after = LlmRedisAutoConfiguration.class)
@EnableConfigurationProperties({ RateLimitProperties.class, LlmProperties.class })
public class LlmRateLimitAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	TokenEstimator llmTokenEstimator(RateLimitProperties properties) {
		return TokenEstimator.standard(properties.charsPerToken(), properties.imageTokens());
	}

	@Bean
	@ConditionalOnMissingBean
	LlmTokenRateLimitGatewayFilterFactory llmTokenRateLimitGatewayFilterFactory(RateLimitProperties properties,
			ObjectProvider<TokenRateLimiter> limiter) {
		if (!properties.enabled()) {
			return LlmTokenRateLimitGatewayFilterFactory.passThrough();
		}
		TokenRateLimiter available = limiter.getIfAvailable();
		return available != null ? new LlmTokenRateLimitGatewayFilterFactory(available)
				: LlmTokenRateLimitGatewayFilterFactory.refusing(FeatureLibraries.LOCAL_RATE_LIMIT_DEPENDENCIES);
	}

	/** The limiter itself, when the feature is on and a backend could be made. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(prefix = RateLimitProperties.PREFIX, name = "enabled", matchIfMissing = true)
	static class LimiterConfiguration {

		/** Redisson is optional: this class is read only when it is present and the backend is Redis. */
		@Configuration(proxyBeanMethods = false)
		@ConditionalOnClass(name = "org.redisson.api.RedissonClient")
		@ConditionalOnProperty(prefix = RateLimitProperties.PREFIX, name = "backend", havingValue = "redis")
		static class RedisBackendConfiguration {

			@Bean
			@ConditionalOnMissingBean
			RateLimitBackend llmRateLimitBackend(RateLimitProperties properties,
					ObjectProvider<RedissonClient> redisson) {
				RedissonClient client = redisson.getIfAvailable();
				if (client == null) {
					throw new IllegalStateException("llm.rate-limit.backend=redis needs Redis: set spring.data.redis.* "
							+ "or provide a RedissonClient bean");
				}
				return new RedisRateLimitBackend(client, properties.keyPrefix(), properties.concurrencyTtl());
			}
		}

		/** Bucket4j and Caffeine are optional: without them there is no local backend (and the filter refuses). */
		@Configuration(proxyBeanMethods = false)
		@ConditionalOnClass(name = { FeatureLibraries.BUCKET4J, FeatureLibraries.CAFFEINE })
		@ConditionalOnProperty(prefix = RateLimitProperties.PREFIX, name = "backend", havingValue = "local",
				matchIfMissing = true)
		static class LocalBackendConfiguration {

			@Bean
			@ConditionalOnMissingBean
			RateLimitBackend llmRateLimitBackend(RateLimitProperties properties) {
				return new LocalRateLimitBackend(properties.localMaxKeys());
			}
		}

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBean(RateLimitBackend.class)
		TokenRateLimiter llmTokenRateLimiter(RateLimitProperties properties, RateLimitBackend backend,
				TokenEstimator estimator, ObjectProvider<MeterRegistry> registry,
				ObjectProvider<QuotaFallbacks> fallbacks) {
			return new TokenRateLimiter(properties, backend, estimator,
					registry.getIfAvailable(() -> Metrics.globalRegistry),
					fallbacks.getIfAvailable(() -> QuotaFallbacks.NONE));
		}

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBean(TokenRateLimiter.class)
		DeploymentQuota llmDeploymentQuota(TokenRateLimiter limiter) {
			return limiter.deploymentQuota();
		}

		/** Settles the deployment quotas of the gateway's own calls (embeddings for the semantic cache). */
		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBean(TokenRateLimiter.class)
		UsageSettlement llmDeploymentUsageSettlement(TokenRateLimiter limiter) {
			return llm -> limiter.recordDeploymentUsage(llm).subscribe();
		}

		/** Only when some deployment declares a quota: otherwise there is nothing to record. */
		@Bean
		@ConditionalOnBean(TokenRateLimiter.class)
		LlmExchangeInitializer llmDeploymentUsageRecorder(TokenRateLimiter limiter, LlmProperties llm) {
			boolean anyQuota = llm.models().stream().anyMatch(m -> m.rpm() != null || m.tpm() != null);
			return anyQuota ? new DeploymentUsageRecorder(limiter) : (ctx, exchange) -> {
			};
		}
	}
}

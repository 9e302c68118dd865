package io.llmgateway.gateway.cache;

import org.springframework.context.annotation.Configuration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import io.llmgateway.gateway.core.AdminAuthorizer;
import io.llmgateway.gateway.core.LlmAdminEndpoints;
import io.llmgateway.gateway.core.LlmCoreAutoConfiguration;
import io.llmgateway.gateway.core.LlmJson;
import io.llmgateway.gateway.redis.LlmRedisAutoConfiguration;
import org.redisson.api.RedissonClient;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import tools.jackson.databind.json.JsonMapper;

/**
 * The response cache: the {@code LlmCache} filter factory, the backend chosen by {@code llm.cache.backend} and the
 * {@code /cache/*} admin endpoints. Always present so routes can carry {@code LlmCache}; the filters only act when
 * {@code llm.cache.enabled} is true.
 */
@AutoConfiguration(after = { LlmCoreAutoConfiguration.class, LlmRedisAutoConfiguration.class })
@EnableConfigurationProperties(CacheProperties.class)
public class LlmCacheAutoConfiguration {

	private final JsonMapper mapper = LlmJson.mapper();

	@Bean
	@ConditionalOnMissingBean
	CachedAnswerCodec llmCachedAnswerCodec() {
		return new CachedAnswerCodec(mapper);
	}

	@Bean
	@ConditionalOnMissingBean
	RequestFingerprint llmRequestFingerprint(CacheProperties properties) {
		return new RequestFingerprint(mapper, properties.cachingGroups());
	}

	/** Redisson is optional: this class is read only when it is present and the backend is Redis. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.redisson.api.RedissonClient")
	@ConditionalOnProperty(prefix = "llm.cache", name = "backend", havingValue = "redis")
	static class RedisCacheConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ResponseCache llmResponseCache(CacheProperties properties, CachedAnswerCodec codec,
				ObjectProvider<RedissonClient> redisson) {
			RedissonClient client = redisson.getIfAvailable();
			if (client == null) {
				throw new IllegalStateException(
						"llm.cache.backend=redis needs a RedissonClient (configure spring.data.redis.* or provide one)");
			}
			return new RedisResponseCache(client, codec, properties.redis());
		}
	}

	@Bean
	@ConditionalOnMissingBean
	ResponseCache llmResponseCache(CacheProperties properties) {
		return new CaffeineResponseCache(properties.maxTotalSize().toBytes());
	}

	@Bean
	@ConditionalOnMissingBean
	LlmCacheGatewayFilterFactory llmCacheGatewayFilterFactory(CacheProperties properties, ResponseCache cache,
			RequestFingerprint fingerprint, CachedAnswerCodec codec) {
		return new LlmCacheGatewayFilterFactory(properties, cache, fingerprint, codec);
	}

	@Bean
	LlmAdminEndpoints llmCacheAdminRoutes(ResponseCache cache, CacheProperties properties,
			AdminAuthorizer authorizer) {
		return new CacheAdminRoutes(cache, properties, authorizer, mapper).endpoints();
	}
}

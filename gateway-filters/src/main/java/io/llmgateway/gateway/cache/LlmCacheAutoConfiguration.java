package io.llmgateway.gateway.cache;

import org.springframework.context.annotation.Configuration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import io.llmgateway.gateway.core.AdminAuthorizer;
import io.llmgateway.gateway.core.EmbeddingsCaller;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;
import io.llmgateway.gateway.core.FeatureLibraries;
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
 * {@code llm.cache.enabled} is true and the backend's library is present (Caffeine for {@code local}, the default;
 * without it the filter passes requests through and the start-up log says what to add).
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

		/** With the Redis backend, semantic entries are shared through Redis too. */
		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnProperty(prefix = "llm.cache.semantic", name = "enabled", havingValue = "true")
		SemanticShare llmSemanticShare(CacheProperties properties, RedissonClient redisson) {
			return new RedisSemanticShare(redisson, properties.redis());
		}
	}

	/** Caffeine is optional: this class is read only when it is present and the backend is local. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = FeatureLibraries.CAFFEINE)
	@ConditionalOnProperty(prefix = "llm.cache", name = "backend", havingValue = "local", matchIfMissing = true)
	static class LocalCacheConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ResponseCache llmResponseCache(CacheProperties properties) {
			return new CaffeineResponseCache(properties.maxTotalSize().toBytes());
		}
	}

	/** Without Caffeine (and without Redis configured), {@code LlmCache} passes requests through. */
	@Bean
	@ConditionalOnMissingBean
	ResponseCache llmMissingLibraryResponseCache() {
		return new MissingLibraryResponseCache(FeatureLibraries.CAFFEINE_DEPENDENCY);
	}

	@Bean
	@ConditionalOnMissingBean
	LlmCacheGatewayFilterFactory llmCacheGatewayFilterFactory(CacheProperties properties, ResponseCache cache,
			RequestFingerprint fingerprint, CachedAnswerCodec codec, ObjectProvider<SemanticStage> semantic) {
		return new LlmCacheGatewayFilterFactory(properties, cache, fingerprint, codec, semantic.getIfAvailable());
	}

	/** The semantic stage, only when {@code llm.cache.semantic.enabled} (and Caffeine, for its index). */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = FeatureLibraries.CAFFEINE)
	@ConditionalOnProperty(prefix = "llm.cache.semantic", name = "enabled", havingValue = "true")
	static class SemanticConfiguration {

		@Bean
		@ConditionalOnMissingBean
		SemanticStage llmSemanticStage(CacheProperties properties, ObjectProvider<Embedder> embedder,
				ObjectProvider<SemanticShare> share, ResponseCache cache, RequestFingerprint fingerprint) {
			Embedder model = embedder.getIfAvailable();
			if (model == null) {
				throw new IllegalStateException("llm.cache.semantic.enabled=true needs the embedding model: add "
						+ MiniLmEmbedder.ARTIFACT + " to the application's dependencies (or provide an Embedder bean)");
			}
			return new SemanticStage(properties.semantic(), model, share.getIfAvailable(() -> SemanticShare.NONE),
					cache, fingerprint);
		}
	}

	/** The in-process model, read only when its optional library is present and no embeddings alias is set. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = MiniLmEmbedder.MODEL_CLASS)
	@ConditionalOnProperty(prefix = "llm.cache.semantic", name = "enabled", havingValue = "true")
	@Conditional(InProcessModel.class)
	static class InProcessEmbedderConfiguration {

		@Bean
		@ConditionalOnMissingBean
		Embedder llmSemanticEmbedder() {
			return new MiniLmEmbedder();
		}
	}

	/** {@code llm.cache.semantic.embedding-model: <alias>}: embeddings through the gateway's embeddings path. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(prefix = "llm.cache.semantic", name = "enabled", havingValue = "true")
	@Conditional(AliasModel.class)
	static class GatewayEmbedderConfiguration {

		@Bean
		@ConditionalOnMissingBean
		Embedder llmSemanticGatewayEmbedder(CacheProperties properties, ObjectProvider<EmbeddingsCaller> caller) {
			CacheProperties.Semantic semantic = properties.semantic();
			EmbeddingsCaller embeddings = caller.getIfAvailable();
			if (embeddings == null) {
				throw new IllegalStateException("llm.cache.semantic.embedding-model=" + semantic.embeddingModel()
						+ " needs the gateway's embeddings path (llm.provider.enabled and llm.model.enabled)");
			}
			return new GatewayEmbedder(embeddings, semantic.embeddingModel(), semantic.embeddingTimeout());
		}
	}

	/** Whether {@code llm.cache.semantic.embedding-model} is unset or {@code in-process}. */
	static final class InProcessModel extends SpringBootCondition {

		@Override
		public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
			String model = context.getEnvironment().getProperty("llm.cache.semantic.embedding-model", "").strip();
			boolean inProcess = model.isEmpty() || model.equalsIgnoreCase(CacheProperties.Semantic.IN_PROCESS);
			return new ConditionOutcome(inProcess, "llm.cache.semantic.embedding-model is '" + model + "'");
		}
	}

	/** Whether {@code llm.cache.semantic.embedding-model} names an alias. */
	static final class AliasModel extends SpringBootCondition {

		@Override
		public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
			ConditionOutcome inProcess = new InProcessModel().getMatchOutcome(context, metadata);
			return new ConditionOutcome(!inProcess.isMatch(), inProcess.getConditionMessage());
		}
	}


	@Bean
	LlmAdminEndpoints llmCacheAdminRoutes(ResponseCache cache, CacheProperties properties,
			AdminAuthorizer authorizer, ObjectProvider<SemanticStage> semantic) {
		return new CacheAdminRoutes(cache, semantic.getIfAvailable(), properties, authorizer, mapper).endpoints();
	}
}

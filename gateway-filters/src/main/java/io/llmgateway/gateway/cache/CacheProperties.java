package io.llmgateway.gateway.cache;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * The {@code llm.cache.*} settings of the response cache.
 *
 * @param enabled the routes' {@code LlmCache} filters look up and store answers only when true (default false, so
 * routes can carry the filter and operators switch it on)
 * @param backend {@code local} (Caffeine, per instance) or {@code redis} (shared, through the gateway's Redisson
 * client)
 * @param ttl how long an answer stays fresh unless the route or the request says otherwise (default 10m)
 * @param maxEntrySize the largest serialized answer stored (default 1MB); larger answers are served, not stored
 * @param maxTotalSize the memory the local backend may use, counted as serialized bytes (default 256MB)
 * @param namespace whose entries a request may see: {@code tenant} (its key, else its team; the default),
 * {@code team} (its team, else its key) or {@code shared}
 * @param skipPositiveTemperature bypass the cache for requests whose temperature is above zero or unset (the
 * providers' default is above zero), so only deterministic requests are answered from it
 * @param cachingGroups named groups of model aliases that share entries (LiteLLM's {@code caching_groups})
 * @param redis Redis backend settings
 * @param semantic the semantic stage (paraphrases answered from the cache)
 */
@ConfigurationProperties(CacheProperties.PREFIX)
public record CacheProperties(boolean enabled, Backend backend, Duration ttl, DataSize maxEntrySize,
		DataSize maxTotalSize, NamespaceMode namespace, boolean skipPositiveTemperature,
		Map<String, List<String>> cachingGroups, Redis redis, Semantic semantic) {

	public static final String PREFIX = "llm.cache";

	public CacheProperties {
		backend = backend == null ? Backend.LOCAL : backend;
		ttl = ttl == null ? Duration.ofMinutes(10) : ttl;
		maxEntrySize = maxEntrySize == null ? DataSize.ofMegabytes(1) : maxEntrySize;
		maxTotalSize = maxTotalSize == null ? DataSize.ofMegabytes(256) : maxTotalSize;
		namespace = namespace == null ? NamespaceMode.TENANT : namespace;
		cachingGroups = cachingGroups == null ? Map.of() : Map.copyOf(cachingGroups);
		redis = redis == null ? new Redis(null, null, null, null) : redis;
		semantic = semantic == null ? Semantic.DEFAULTS : semantic;
		if (ttl.isNegative() || ttl.isZero()) {
			throw new IllegalArgumentException("llm.cache.ttl must be positive, was " + ttl);
		}
	}

	/** Where entries live. */
	public enum Backend {
		LOCAL, REDIS
	}

	/**
	 * Redis backend settings.
	 *
	 * @param keyPrefix prepended to every key (default {@code llm:cache:})
	 * @param timeout the longest a lookup or a store may wait for Redis; a slower Redis counts as a miss (default
	 * 200ms)
	 * @param retryAfterFailure after a failed call, how long to treat Redis as down and answer misses at once
	 * instead of waiting for the timeout again (default 2s)
	 * @param compressAbove values larger than this are deflate-compressed (default 512B)
	 */
	public record Redis(String keyPrefix, Duration timeout, Duration retryAfterFailure, DataSize compressAbove) {

		public Redis {
			keyPrefix = keyPrefix == null ? "llm:cache:" : keyPrefix;
			timeout = timeout == null ? Duration.ofMillis(200) : timeout;
			retryAfterFailure = retryAfterFailure == null ? Duration.ofSeconds(2) : retryAfterFailure;
			compressAbove = compressAbove == null ? DataSize.ofBytes(512) : compressAbove;
		}
	}

	/**
	 * The semantic stage of {@code LlmCache}: after an exact miss, a request whose conversation is close enough (cosine
	 * similarity of sentence embeddings) to a stored one in the same scope gets the stored answer.
	 *
	 * @param enabled off by default; needs {@code llm.cache.enabled} too
	 * @param similarity the least cosine similarity that counts as a hit (default 0.90, chosen by the evaluation in
	 * docs/caching.md)
	 * @param maxTemperature requests with a temperature above this bypass the semantic stage (default 1.0; unset
	 * temperature counts as 1.0, the providers' default)
	 * @param maxEntries entries indexed in memory by one instance, all scopes together (default 20000, about 40MB)
	 * @param maxEntriesPerScope entries kept per scope (tenant namespace + model group + parameters + context),
	 * oldest dropped first (default 2000)
	 * @param maxChars the longest conversation text embedded (default 4000 characters); longer requests bypass
	 * @param workers threads computing embeddings (default 1)
	 * @param queue embeddings that may wait for a worker (default 32); when full the request skips the stage
	 * @param embeddingModel {@code in-process} (the default: the embedded MiniLM model) or an embeddings alias of
	 * {@code llm.models}, called through the gateway's own embeddings path
	 * @param embeddingTimeout the longest a request waits for its embedding, queueing included (default 1s); a slower
	 * embedding makes the request skip the semantic stage
	 */
	public record Semantic(boolean enabled, Double similarity, Double maxTemperature, Integer maxEntries,
			Integer maxEntriesPerScope, Integer maxChars, Integer workers, Integer queue, String embeddingModel,
			Duration embeddingTimeout) {

		static final Semantic DEFAULTS = new Semantic(false, null, null, null, null, null, null, null, null, null);

		public static final String IN_PROCESS = "in-process";

		/** Whether embeddings come from the in-process model rather than an alias of {@code llm.models}. */
		public boolean inProcess() {
			return IN_PROCESS.equalsIgnoreCase(embeddingModel);
		}

		public Semantic {
			similarity = similarity == null ? 0.90 : similarity;
			maxTemperature = maxTemperature == null ? 1.0 : maxTemperature;
			maxEntries = maxEntries == null ? 20_000 : maxEntries;
			maxEntriesPerScope = maxEntriesPerScope == null ? 2000 : maxEntriesPerScope;
			maxChars = maxChars == null ? 4000 : maxChars;
			workers = workers == null ? 1 : workers;
			queue = queue == null ? 32 : queue;
			embeddingModel = embeddingModel == null || embeddingModel.isBlank() ? IN_PROCESS : embeddingModel.strip();
			embeddingTimeout = embeddingTimeout == null ? Duration.ofSeconds(1) : embeddingTimeout;
			if (similarity <= 0 || similarity > 1) {
				throw new IllegalArgumentException("llm.cache.semantic.similarity must be in (0, 1], was " + similarity);
			}
			if (maxEntries < 1 || maxEntriesPerScope < 1 || workers < 1 || queue < 0 || maxChars < 1) {
				throw new IllegalArgumentException("llm.cache.semantic: max-entries, max-entries-per-scope, workers and "
						+ "max-chars must be positive, queue not negative");
			}
			if (embeddingTimeout.isNegative() || embeddingTimeout.isZero()) {
				throw new IllegalArgumentException(
						"llm.cache.semantic.embedding-timeout must be positive, was " + embeddingTimeout);
			}
		}
	}
}

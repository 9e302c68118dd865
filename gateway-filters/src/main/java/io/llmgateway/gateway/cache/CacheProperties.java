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
 */
@ConfigurationProperties(CacheProperties.PREFIX)
public record CacheProperties(boolean enabled, Backend backend, Duration ttl, DataSize maxEntrySize,
		DataSize maxTotalSize, NamespaceMode namespace, boolean skipPositiveTemperature,
		Map<String, List<String>> cachingGroups, Redis redis) {

	public static final String PREFIX = "llm.cache";

	public CacheProperties {
		backend = backend == null ? Backend.LOCAL : backend;
		ttl = ttl == null ? Duration.ofMinutes(10) : ttl;
		maxEntrySize = maxEntrySize == null ? DataSize.ofMegabytes(1) : maxEntrySize;
		maxTotalSize = maxTotalSize == null ? DataSize.ofMegabytes(256) : maxTotalSize;
		namespace = namespace == null ? NamespaceMode.TENANT : namespace;
		cachingGroups = cachingGroups == null ? Map.of() : Map.copyOf(cachingGroups);
		redis = redis == null ? new Redis(null, null, null, null) : redis;
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
}

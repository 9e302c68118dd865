package io.llmgateway.gateway.ratelimit;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code llm.rate-limit.*} settings: where the counters live, what happens when that store is unreachable, the
 * limits every {@code LlmTokenRateLimit} route applies in addition to its own, and how tokens are estimated.
 *
 * @param enabled switch the capability off entirely (default true)
 * @param backend {@code local} (Bucket4j in memory, the default) or {@code redis} (shared by every instance)
 * @param failOpen when the backend fails or times out: admit (true, the default) or answer 503 (false)
 * @param timeout the longest a request waits for the backend before failing open or closed (default 250 ms)
 * @param errorLogInterval backend failures are logged at most once per interval (default 1 minute)
 * @param limits limits applied on every route with the filter, before route arguments and key settings
 * @param tokenType which tokens count against token limits: {@code input}, {@code output} or {@code total}
 * @param defaultExpectedOutputTokens output tokens reserved when the request has no {@code max_tokens}
 * @param enforceOutputReservation when the client sent no {@code max_tokens}, send the reserved amount as
 * {@code max_tokens} so the provider cannot exceed the reservation (default false)
 * @param chargeCacheHits charge requests answered from the response cache (default false)
 * @param charsPerToken characters per token for models without a known tokenizer (default 4.0)
 * @param imageTokens tokens counted per image or document part (default 765, one 1024x1024 OpenAI tile set)
 * @param localMaxKeys how many buckets the local backend keeps; the least recently used are evicted beyond it
 * @param concurrencyTtl on Redis, how long a concurrency slot survives an instance that died without releasing
 * it (default 10 minutes); refreshed on every admission for the same key
 * @param keyPrefix prefix of every Redis key (default {@code llm:rl:})
 */
@ConfigurationProperties(RateLimitProperties.PREFIX)
public record RateLimitProperties(Boolean enabled, Backend backend, Boolean failOpen, Duration timeout,
		Duration errorLogInterval, List<LimitSpec> limits, TokenType tokenType, Integer defaultExpectedOutputTokens,
		Boolean enforceOutputReservation, Boolean chargeCacheHits, Double charsPerToken, Integer imageTokens,
		Integer localMaxKeys, Duration concurrencyTtl, String keyPrefix) {

	public static final String PREFIX = "llm.rate-limit";

	public RateLimitProperties {
		enabled = enabled == null || enabled;
		backend = backend == null ? Backend.LOCAL : backend;
		failOpen = failOpen == null || failOpen;
		timeout = timeout == null ? Duration.ofMillis(250) : timeout;
		errorLogInterval = errorLogInterval == null ? Duration.ofMinutes(1) : errorLogInterval;
		limits = limits == null ? List.of() : List.copyOf(limits);
		tokenType = tokenType == null ? TokenType.TOTAL : tokenType;
		defaultExpectedOutputTokens = defaultExpectedOutputTokens == null ? 256 : defaultExpectedOutputTokens;
		enforceOutputReservation = enforceOutputReservation != null && enforceOutputReservation;
		chargeCacheHits = chargeCacheHits != null && chargeCacheHits;
		charsPerToken = charsPerToken == null ? 4.0 : charsPerToken;
		imageTokens = imageTokens == null ? 765 : imageTokens;
		localMaxKeys = localMaxKeys == null ? 100_000 : localMaxKeys;
		concurrencyTtl = concurrencyTtl == null ? Duration.ofMinutes(10) : concurrencyTtl;
		keyPrefix = keyPrefix == null ? "llm:rl:" : keyPrefix;
		if (charsPerToken <= 0) {
			throw new IllegalArgumentException("llm.rate-limit.chars-per-token must be positive");
		}
		if (localMaxKeys < 1) {
			throw new IllegalArgumentException("llm.rate-limit.local-max-keys must be at least 1");
		}
		if (timeout.isNegative() || timeout.isZero()) {
			throw new IllegalArgumentException("llm.rate-limit.timeout must be positive");
		}
	}

	/** All defaults: the local backend, failing open, no global limits. */
	public static RateLimitProperties defaults() {
		return new RateLimitProperties(null, null, null, null, null, null, null, null, null, null, null, null, null,
				null, null);
	}

	/** Where the counters live. */
	public enum Backend {
		/** Bucket4j buckets in this JVM, in a size-bounded map. */
		LOCAL,
		/** Token buckets in Redis, updated by one Lua script per admission and one per reconciliation. */
		REDIS
	}
}

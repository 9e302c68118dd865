package io.llmgateway.gateway.cache;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.ByteArrayCodec;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The shared backend: one Redis string per entry under {@code key-prefix + namespace:hash}, holding the compact
 * (deflated when large) form, expiring by Redis TTL. Every call is asynchronous (Redisson futures) and bounded by
 * {@code llm.cache.redis.timeout}. A lookup or store that fails or times out counts as a miss, and Redis is then
 * skipped for {@code retry-after-failure} so an outage costs no latency per request.
 */
public final class RedisResponseCache implements ResponseCache {

	private static final Log log = LogFactory.getLog(RedisResponseCache.class);

	/** Admin scans may take longer than a lookup. */
	private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(10);

	static final String HASH_GLOB = "[0-9a-f]".repeat(64);

	private final RedissonClient redisson;

	private final CachedAnswerCodec codec;

	private final String prefix;

	private final String globPrefix;

	private final Duration timeout;

	private final long retryAfterFailureNanos;

	private final long compressAbove;

	private volatile long downUntilNanos;

	private volatile boolean down;

	public RedisResponseCache(RedissonClient redisson, CachedAnswerCodec codec, CacheProperties.Redis settings) {
		this.redisson = redisson;
		this.codec = codec;
		this.prefix = settings.keyPrefix();
		this.globPrefix = escapeGlob(settings.keyPrefix());
		this.timeout = settings.timeout();
		this.retryAfterFailureNanos = settings.retryAfterFailure().toNanos();
		this.compressAbove = settings.compressAbove().toBytes();
	}

	@Override
	public Mono<CachedAnswer> get(String id) {
		if (skipping()) {
			return Mono.empty();
		}
		return Mono.fromCompletionStage(() -> redisson.<byte[]>getBucket(prefix + id, ByteArrayCodec.INSTANCE).getAsync())
			.timeout(timeout)
			.doOnSuccess(v -> recovered())
			.mapNotNull(codec::decode)
			.onErrorResume(ex -> {
				failed("lookup", ex);
				return Mono.empty();
			});
	}

	@Override
	public Mono<Void> put(String id, CachedAnswer answer, byte[] json, Duration ttl) {
		if (skipping()) {
			return Mono.empty();
		}
		byte[] stored = codec.pack(json, compressAbove);
		return Mono
			.fromCompletionStage(
					() -> redisson.<byte[]>getBucket(prefix + id, ByteArrayCodec.INSTANCE).setAsync(stored, ttl))
			.timeout(timeout)
			.doOnSuccess(v -> recovered())
			.onErrorResume(ex -> {
				failed("store", ex);
				return Mono.empty();
			})
			.then();
	}

	@Override
	public Mono<Long> evict(Collection<String> idsOrHashes) {
		List<String> ids = new ArrayList<>();
		List<String> patterns = new ArrayList<>();
		for (String k : idsOrHashes) {
			if (k.indexOf(':') >= 0) {
				ids.add(prefix + k);
			}
			else {
				patterns.add(globPrefix + "*:" + escapeGlob(k));
			}
		}
		Mono<Long> byId = ids.isEmpty() ? Mono.just(0L)
				: admin(() -> redisson.getKeys().deleteAsync(ids.toArray(String[]::new)));
		return Flux.fromIterable(patterns)
			.concatMap(p -> admin(() -> redisson.getKeys().deleteByPatternAsync(p)))
			.concatWith(byId)
			.reduce(0L, Long::sum);
	}

	@Override
	public Mono<Long> evictNamespace(String namespace) {
		String ns = globPrefix + escapeGlob(namespace);
		// exactly namespace:<64 hex digits>, so a named namespace "shared:x" is not swept with "shared"
		return admin(() -> redisson.getKeys().deleteByPatternAsync(ns + ":" + HASH_GLOB))
			.concatWith(admin(() -> redisson.getKeys().deleteByPatternAsync(ns + "/*")))
			.reduce(0L, Long::sum);
	}

	@Override
	public Mono<Long> clear() {
		return admin(() -> redisson.getKeys().deleteByPatternAsync(globPrefix + "*"));
	}

	@Override
	public Mono<Map<String, Object>> ping() {
		return Mono.fromCompletionStage(() -> redisson.getBucket(prefix + "ping").isExistsAsync())
			.timeout(timeout)
			.map(x -> {
				recovered();
				return status("healthy", null);
			})
			.onErrorResume(ex -> Mono.just(status("unhealthy", ex.getClass().getSimpleName())));
	}

	private Map<String, Object> status(String health, String error) {
		Map<String, Object> status = new LinkedHashMap<>();
		status.put("status", health);
		status.put("backend", backendName());
		status.put("key_prefix", prefix);
		if (error != null) {
			status.put("error", error);
		}
		return status;
	}

	@Override
	public String backendName() {
		return "redis";
	}

	private Mono<Long> admin(Supplier<CompletionStage<Long>> call) {
		return Mono.fromCompletionStage(call).timeout(ADMIN_TIMEOUT).defaultIfEmpty(0L);
	}

	/** True while Redis counts as down after a failure. */
	boolean skipping() {
		return down && System.nanoTime() - downUntilNanos < 0;
	}

	private void failed(String what, Throwable ex) {
		downUntilNanos = System.nanoTime() + retryAfterFailureNanos;
		if (!down) {
			down = true;
			log.warn("Redis cache " + what + " failed (" + ex.getClass().getSimpleName()
					+ "); answering misses without Redis for a while");
		}
	}

	private void recovered() {
		if (down) {
			down = false;
			log.info("Redis cache reachable again");
		}
	}

	/** Escapes Redis glob metacharacters so a prefix or id matches only itself. */
	static String escapeGlob(String s) {
		StringBuilder sb = new StringBuilder(s.length() + 4);
		for (int i = 0; i < s.length(); i++) {
			char c = s.charAt(i);
			if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\' || c == '^') {
				sb.append('\\');
			}
			sb.append(c);
		}
		return sb.toString();
	}
}

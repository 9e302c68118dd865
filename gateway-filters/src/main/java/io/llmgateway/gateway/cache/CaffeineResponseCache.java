package io.llmgateway.gateway.cache;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executor;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import reactor.core.publisher.Mono;

/**
 * The local backend: a Caffeine cache bounded by bytes (each entry weighs its serialized size), with a TTL per
 * entry. Entries hold the decoded answer, so a hit costs no parsing.
 */
public final class CaffeineResponseCache implements ResponseCache {

	/** Rough per-entry overhead (key, entry, record headers) so that many tiny answers still count. */
	private static final int ENTRY_OVERHEAD = 128;

	private final Cache<String, Entry> cache;

	private final long maxBytes;

	public CaffeineResponseCache(long maxBytes) {
		this(maxBytes, Ticker.systemTicker(), null);
	}

	/** With a clock and an executor for maintenance; tests pass a fake clock and {@code Runnable::run}. */
	CaffeineResponseCache(long maxBytes, Ticker ticker, Executor executor) {
		this.maxBytes = maxBytes;
		Caffeine<Object, Object> builder = Caffeine.newBuilder().ticker(ticker);
		if (executor != null) {
			builder.executor(executor);
		}
		this.cache = builder
			.maximumWeight(maxBytes)
			.weigher((String id, Entry e) -> (int) Math.min(Integer.MAX_VALUE,
					(long) e.answer().size() + 2L * id.length() + ENTRY_OVERHEAD))
			.expireAfter(Expiry.writing((String id, Entry e) -> e.ttl()))
			.build();
	}

	private record Entry(CachedAnswer answer, Duration ttl) {
	}

	@Override
	public Mono<CachedAnswer> get(String id) {
		Entry e = cache.getIfPresent(id);
		return e == null ? Mono.empty() : Mono.just(e.answer());
	}

	@Override
	public Mono<Void> put(String id, CachedAnswer answer, byte[] json, Duration ttl) {
		cache.put(id, new Entry(answer, ttl));
		return Mono.empty();
	}

	@Override
	public Mono<Long> evict(Collection<String> idsOrHashes) {
		return Mono.fromSupplier(() -> {
			long removed = 0;
			for (String k : idsOrHashes) {
				if (k.indexOf(':') >= 0) {
					removed += cache.asMap().remove(k) != null ? 1 : 0;
				}
				else {
					removed += removeIf(id -> ResponseCache.hasHash(id, k));
				}
			}
			return removed;
		});
	}

	@Override
	public Mono<Long> evictNamespace(String namespace) {
		return Mono.fromSupplier(() -> removeIf(id -> ResponseCache.inNamespace(id, namespace)));
	}

	@Override
	public Mono<Long> clear() {
		return Mono.fromSupplier(() -> {
			long size = cache.estimatedSize();
			cache.invalidateAll();
			return size;
		});
	}

	private long removeIf(java.util.function.Predicate<String> matches) {
		long[] removed = { 0 };
		cache.asMap().keySet().removeIf(id -> {
			boolean m = matches.test(id);
			if (m) {
				removed[0]++;
			}
			return m;
		});
		return removed[0];
	}

	@Override
	public Mono<Map<String, Object>> ping() {
		Map<String, Object> status = new LinkedHashMap<>();
		status.put("status", "healthy");
		status.put("backend", backendName());
		status.put("entries", cache.estimatedSize());
		status.put("max_bytes", maxBytes);
		return Mono.just(status);
	}

	@Override
	public String backendName() {
		return "local";
	}

	/** Runs pending evictions; for tests. */
	void cleanUp() {
		cache.cleanUp();
	}
}

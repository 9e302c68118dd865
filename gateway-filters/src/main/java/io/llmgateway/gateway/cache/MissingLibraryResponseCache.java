package io.llmgateway.gateway.cache;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

import reactor.core.publisher.Mono;

/**
 * The local backend when its library, Caffeine, is not on the classpath: stores nothing, so {@code LlmCache} passes
 * every request through, and {@code /cache/ping} says what to add. Chosen instead of failing the start: a cache that
 * is absent changes cost, never what a client gets.
 */
final class MissingLibraryResponseCache implements ResponseCache {

	private final String dependency;

	MissingLibraryResponseCache(String dependency) {
		this.dependency = dependency;
	}

	String dependency() {
		return dependency;
	}

	@Override
	public Mono<CachedAnswer> get(String id) {
		return Mono.empty();
	}

	@Override
	public Mono<Void> put(String id, CachedAnswer answer, byte[] json, Duration ttl) {
		return Mono.empty();
	}

	@Override
	public Mono<Long> evict(Collection<String> idsOrHashes) {
		return Mono.just(0L);
	}

	@Override
	public Mono<Long> evictNamespace(String namespace) {
		return Mono.just(0L);
	}

	@Override
	public Mono<Long> clear() {
		return Mono.just(0L);
	}

	@Override
	public Mono<Map<String, Object>> ping() {
		Map<String, Object> status = new LinkedHashMap<>();
		status.put("status", "unavailable");
		status.put("backend", backendName());
		status.put("error", "the local cache needs " + dependency + " on the classpath");
		return Mono.just(status);
	}

	@Override
	public String backendName() {
		return "local";
	}
}

package io.llmgateway.gateway.cache;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;

import reactor.core.publisher.Mono;

/**
 * Where answers are stored, addressed by {@link CacheKey#id()} ({@code namespace:hash}). Lookups and stores never
 * fail: a backend that is down or slow answers an empty lookup and drops the store, so the gateway carries on as if
 * the cache were empty. Administrative operations do report failures. Implementations never block the caller.
 */
public interface ResponseCache {

	/** The stored answer, or empty on a miss, a timeout or a backend failure. */
	Mono<CachedAnswer> get(String id);

	/**
	 * Stores an answer for {@code ttl}. {@code json} is its {@link CachedAnswerCodec#toJson serialized form}, which
	 * backends keep or count. Completes empty, also when the backend failed.
	 */
	Mono<Void> put(String id, CachedAnswer answer, byte[] json, Duration ttl);

	/**
	 * Deletes entries by id ({@code namespace:hash}) or, for a bare hash, the entries with that hash in every
	 * namespace.
	 * @return how many entries were deleted
	 */
	Mono<Long> evict(Collection<String> idsOrHashes);

	/** Deletes every entry of a namespace and of its sub-namespaces ({@code namespace/...}). */
	Mono<Long> evictNamespace(String namespace);

	/** Deletes every entry. */
	Mono<Long> clear();

	/** Backend name and health, for {@code /cache/ping}. */
	Mono<Map<String, Object>> ping();

	/** {@code local} or {@code redis}. */
	String backendName();

	/** True when {@code id} holds {@code hash} as its last segment. */
	static boolean hasHash(String id, String hash) {
		return id.length() > hash.length() && id.endsWith(hash) && id.charAt(id.length() - hash.length() - 1) == ':';
	}

	/** True when {@code id} belongs to {@code namespace} or one of its sub-namespaces. */
	static boolean inNamespace(String id, String namespace) {
		if (!id.startsWith(namespace) || id.length() <= namespace.length()) {
			return false;
		}
		char next = id.charAt(namespace.length());
		return next == '/' || (next == ':' && id.indexOf(':', namespace.length() + 1) < 0);
	}
}

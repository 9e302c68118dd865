package io.llmgateway.gateway.cache;

/**
 * Where one answer is stored: a tenant namespace and the SHA-256 (hex) of the normalised request.
 * {@link #hash()} is what clients see in {@code x-cache-key}; {@link #id()} is the namespaced storage id.
 */
public record CacheKey(String namespace, String hash) {

	/** {@code namespace:hash}; the hash is always the part after the last colon. */
	public String id() {
		return namespace + ":" + hash;
	}
}

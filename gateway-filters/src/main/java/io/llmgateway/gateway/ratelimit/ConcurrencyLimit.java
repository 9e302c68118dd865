package io.llmgateway.gateway.ratelimit;

/**
 * At most {@code limit} requests of one scope in flight at once.
 *
 * @param key the backend key, unique per scope and limit
 */
public record ConcurrencyLimit(String key, String scope, int limit) {

	public static ConcurrencyLimit of(String scope, int limit) {
		return new ConcurrencyLimit("parallel|" + scope + "|" + limit, scope, limit);
	}
}

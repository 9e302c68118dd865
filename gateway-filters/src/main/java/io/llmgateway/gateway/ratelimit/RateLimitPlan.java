package io.llmgateway.gateway.ratelimit;

import java.util.List;

/**
 * Everything one request will reserve: its buckets with their costs, its concurrency slots, the deployment
 * alternatives that must have room, and the token estimate behind the costs.
 *
 * @param group the model group whose deployments are the alternatives, or null
 * @param promptTokens the estimated prompt tokens
 * @param expectedOutputTokens the output tokens expected ({@code max_tokens} or the configured default)
 * @param reservedTokens what each token bucket is charged now ({@code tokenType} applied to the two above)
 */
public record RateLimitPlan(List<BucketLimit> buckets, long[] costs, List<ConcurrencyLimit> slots,
		List<List<RateLimitBackend.Probe>> alternatives, String group, TokenType tokenType, long promptTokens,
		long expectedOutputTokens, long reservedTokens) {

	private static final RateLimitPlan[] NONE = java.util.Arrays.stream(TokenType.values())
		.map(t -> new RateLimitPlan(List.of(), new long[0], List.of(), List.of(), null, t, 0, 0, 0))
		.toArray(RateLimitPlan[]::new);

	/** The plan of a request no limit applies to (shared: it holds nothing of the request). */
	static RateLimitPlan none(TokenType type) {
		return NONE[type.ordinal()];
	}

	/** True when nothing applies to this request. */
	public boolean isEmpty() {
		return buckets.isEmpty() && slots.isEmpty() && alternatives.isEmpty();
	}

	RateLimitBackend.AcquireRequest toRequest() {
		return new RateLimitBackend.AcquireRequest(buckets, costs, slots, alternatives);
	}
}

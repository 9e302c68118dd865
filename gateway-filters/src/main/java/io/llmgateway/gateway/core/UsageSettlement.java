package io.llmgateway.gateway.core;

/**
 * Settles what an exchange the gateway makes for itself used of shared quotas, once it ended. Such an exchange (a
 * feature's call through {@link EmbeddingsCaller}, say) is no client request: no {@link LlmExchangeInitializer}
 * registers the rate limiter's completion work on it, yet the router may have reserved per-deployment
 * {@code rpm}/{@code tpm} for it. The rate limiter provides this seam: the reservations are charged the actual usage,
 * or refunded when no call was made. Must not block.
 */
@FunctionalInterface
public interface UsageSettlement {

	/** Without a rate limiter nothing is reserved, so there is nothing to settle. */
	UsageSettlement NONE = llm -> {
	};

	void settle(LlmExchange llm);
}

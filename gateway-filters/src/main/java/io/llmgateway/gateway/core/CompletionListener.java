package io.llmgateway.gateway.core;

/**
 * Called exactly once when an LLM exchange ends: success, failure, cache hit or client gone. The cache stores, the
 * ledger records, the rate limiter reconciles and the meters observe through these. Must not block: hand slow work
 * to an executor or a queue.
 */
@FunctionalInterface
public interface CompletionListener {

	/** Cost is computed at this order; listeners that read {@link LlmExchange#cost()} use a higher one. */
	int SPEND_ORDER = -100;

	/** Metrics, logs and callbacks run last, when every other listener has filled the context. */
	int OBSERVE_ORDER = 100;

	void onComplete(LlmExchange exchange);

	/** Lower runs first. */
	default int order() {
		return 0;
	}
}

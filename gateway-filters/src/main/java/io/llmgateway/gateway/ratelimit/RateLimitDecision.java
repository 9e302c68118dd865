package io.llmgateway.gateway.ratelimit;

import io.llmgateway.translate.model.LlmError;

/**
 * The answer to one admission.
 *
 * @param reservation what to settle at completion (admitted only)
 * @param error the error to return (denied or unavailable)
 * @param headers the {@code x-ratelimit-*} values to send, or null when no limit applies
 */
public record RateLimitDecision(Outcome outcome, Reservation reservation, LlmError error, RateLimitHeaders headers) {

	/** What happened. */
	public enum Outcome {
		/** Every limit had room; the request holds a reservation. */
		ADMITTED,
		/** A limit had no room: 429. */
		DENIED,
		/** The backend failed and the policy is fail-open: admitted without a reservation. */
		BYPASSED,
		/** The backend failed and the policy is fail-closed: 503. */
		UNAVAILABLE,
		/** No limit applies to this request. */
		UNLIMITED
	}

	public boolean admitted() {
		return outcome == Outcome.ADMITTED || outcome == Outcome.BYPASSED || outcome == Outcome.UNLIMITED;
	}
}

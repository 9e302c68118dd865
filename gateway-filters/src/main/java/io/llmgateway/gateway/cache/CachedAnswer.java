package io.llmgateway.gateway.cache;

import io.llmgateway.translate.model.ChatResponse;

/**
 * One stored answer: the canonical response and when it was stored, for {@code Age} and {@code max-age}.
 * {@code size} is its serialized size in bytes (what the local backend counts against its budget).
 */
public record CachedAnswer(ChatResponse response, long storedAtMillis, int size) {

	/** Whole seconds since the answer was stored, never negative. */
	public long ageSeconds(long nowMillis) {
		return Math.max(0, (nowMillis - storedAtMillis) / 1000);
	}
}

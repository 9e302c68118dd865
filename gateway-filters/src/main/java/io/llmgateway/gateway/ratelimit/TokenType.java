package io.llmgateway.gateway.ratelimit;

import io.llmgateway.translate.model.Usage;

/** Which tokens a token limit counts. */
public enum TokenType {
	/** Prompt tokens only (uncached, cache reads and cache writes). */
	INPUT,
	/** Generated tokens only (reasoning included). */
	OUTPUT,
	/** Prompt plus generated tokens. */
	TOTAL;

	/** The tokens of {@code usage} that this type counts. */
	public long of(Usage usage) {
		if (usage == null) {
			return 0;
		}
		return switch (this) {
			case INPUT -> usage.totalInputTokens();
			case OUTPUT -> usage.outputTokens();
			case TOTAL -> usage.totalTokens();
		};
	}

	/** The tokens to reserve before dispatch from the estimated prompt and the expected output. */
	public long reserve(long promptTokens, long expectedOutputTokens) {
		return switch (this) {
			case INPUT -> promptTokens;
			case OUTPUT -> expectedOutputTokens;
			case TOTAL -> promptTokens + expectedOutputTokens;
		};
	}
}

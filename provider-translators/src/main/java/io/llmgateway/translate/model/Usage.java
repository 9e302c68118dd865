package io.llmgateway.translate.model;

/**
 * Token usage in one canonical shape (docs/translation.md, "Usage").
 * {@code inputTokens} excludes cache reads and writes; {@code reasoningTokens} is a subset of {@code outputTokens}.
 */
public record Usage(long inputTokens, long outputTokens, long cacheReadTokens, long cacheWriteTokens,
		long reasoningTokens) {

	public static final Usage ZERO = new Usage(0, 0, 0, 0, 0);

	/** Every prompt token: uncached, cache reads and cache writes. */
	public long totalInputTokens() {
		return inputTokens + cacheReadTokens + cacheWriteTokens;
	}

	public long totalTokens() {
		return totalInputTokens() + outputTokens;
	}

	/** Field-wise maximum: for providers that report running or cumulative totals. */
	public Usage max(Usage other) {
		if (other == null) {
			return this;
		}
		return new Usage(Math.max(inputTokens, other.inputTokens), Math.max(outputTokens, other.outputTokens),
				Math.max(cacheReadTokens, other.cacheReadTokens), Math.max(cacheWriteTokens, other.cacheWriteTokens),
				Math.max(reasoningTokens, other.reasoningTokens));
	}
}

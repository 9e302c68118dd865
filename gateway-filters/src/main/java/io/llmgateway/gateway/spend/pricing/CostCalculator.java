package io.llmgateway.gateway.spend.pricing;

import java.math.BigDecimal;

import io.llmgateway.translate.model.Usage;

/**
 * Exact cost of one request from its canonical usage: every token class priced once, in {@link BigDecimal}.
 * <p>
 * The canonical {@link Usage} keeps the classes disjoint on the input side (uncached input, cache reads, cache
 * writes) and counts reasoning inside output, so output is split into visible output and reasoning; nothing is
 * charged twice (the LiteLLM bug of charging cache writes as input too cannot happen here).
 */
public final class CostCalculator {

	/** Prompts above this many input tokens use the {@code *_above_200k_tokens} prices when the model has them. */
	public static final long LONG_CONTEXT_THRESHOLD = 200_000;

	private CostCalculator() {
	}

	public static BigDecimal cost(Usage usage, ModelPrice price) {
		if (usage == null || price == null) {
			return BigDecimal.ZERO;
		}
		boolean longContext = usage.totalInputTokens() > LONG_CONTEXT_THRESHOLD;
		BigDecimal input = tier(longContext, price.inputAbove200k(), price.input());
		BigDecimal output = tier(longContext, price.outputAbove200k(), price.output());
		BigDecimal cacheRead = tier(longContext, price.cacheReadAbove200k(), or(price.cacheRead(), price.input()));
		BigDecimal cacheWrite = tier(longContext, price.cacheWriteAbove200k(), or(price.cacheWrite(), price.input()));
		// reasoning is billed at its own price only where the model has one; otherwise it is ordinary output
		BigDecimal reasoning = or(price.reasoning(), output);
		long reasoningTokens = Math.min(Math.max(0, usage.reasoningTokens()), Math.max(0, usage.outputTokens()));
		long visibleOutput = Math.max(0, usage.outputTokens()) - reasoningTokens;
		return times(usage.inputTokens(), input)
			.add(times(usage.cacheReadTokens(), cacheRead))
			.add(times(usage.cacheWriteTokens(), cacheWrite))
			.add(times(visibleOutput, output))
			.add(times(reasoningTokens, reasoning));
	}

	private static BigDecimal tier(boolean longContext, BigDecimal above, BigDecimal base) {
		return longContext && above != null ? above : base;
	}

	private static BigDecimal or(BigDecimal value, BigDecimal fallback) {
		return value != null ? value : fallback;
	}

	private static BigDecimal times(long tokens, BigDecimal perToken) {
		return tokens <= 0 || perToken == null ? BigDecimal.ZERO : perToken.multiply(BigDecimal.valueOf(tokens));
	}
}

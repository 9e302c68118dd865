package io.llmgateway.gateway.spend.pricing;

import java.math.BigDecimal;

/**
 * The prices of one model in USD per single token, as LiteLLM's price file writes them. Null means "not priced
 * separately": cache reads and writes then cost the input price, reasoning tokens the output price, and the
 * above-200k tiers the base prices. A null input or output price counts as zero.
 *
 * @param inputAbove200k input price once the prompt (all input tokens) exceeds 200,000 tokens (Gemini 2.5 Pro,
 * Claude Sonnet 4 with the 1M context)
 */
public record ModelPrice(BigDecimal input, BigDecimal output, BigDecimal cacheRead, BigDecimal cacheWrite,
		BigDecimal reasoning, BigDecimal inputAbove200k, BigDecimal outputAbove200k, BigDecimal cacheReadAbove200k,
		BigDecimal cacheWriteAbove200k, String provider, Long maxInputTokens, Long maxOutputTokens) {

	public static final ModelPrice FREE = new ModelPrice(BigDecimal.ZERO, BigDecimal.ZERO, null, null, null, null,
			null, null, null, null, null, null);

	/** This price with every non-null field of {@code override} replacing ours. */
	public ModelPrice overriddenBy(ModelPrice override) {
		return new ModelPrice(pick(override.input, input), pick(override.output, output),
				pick(override.cacheRead, cacheRead), pick(override.cacheWrite, cacheWrite),
				pick(override.reasoning, reasoning), pick(override.inputAbove200k, inputAbove200k),
				pick(override.outputAbove200k, outputAbove200k), pick(override.cacheReadAbove200k, cacheReadAbove200k),
				pick(override.cacheWriteAbove200k, cacheWriteAbove200k), pick(override.provider, provider),
				pick(override.maxInputTokens, maxInputTokens), pick(override.maxOutputTokens, maxOutputTokens));
	}

	private static <T> T pick(T preferred, T fallback) {
		return preferred != null ? preferred : fallback;
	}
}

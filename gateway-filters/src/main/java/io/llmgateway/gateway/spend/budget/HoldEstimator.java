package io.llmgateway.gateway.spend.budget;

import java.math.BigDecimal;

import io.llmgateway.gateway.core.Deployment;
import io.llmgateway.gateway.core.LlmExchange;
import io.llmgateway.gateway.spend.pricing.AppliedPrice;
import io.llmgateway.gateway.spend.pricing.CostCalculator;
import io.llmgateway.gateway.spend.pricing.PriceCatalog;
import io.llmgateway.gateway.core.TokenEstimator;
import io.llmgateway.translate.model.Usage;

/**
 * The cost a request is expected to reach, held against its hard budgets while it runs: its prompt tokens (counted
 * once per request and shared with the rate limiter) plus {@code max_tokens}, or {@code reserve-output-tokens} when
 * the client set none, at the price of the first deployment of its model group.
 */
public final class HoldEstimator {

	private final PriceCatalog prices;

	private final TokenEstimator tokens;

	private final long defaultOutputTokens;

	public HoldEstimator(PriceCatalog prices, TokenEstimator tokens, long defaultOutputTokens) {
		this.prices = prices;
		this.tokens = tokens;
		this.defaultOutputTokens = defaultOutputTokens;
	}

	public BigDecimal estimate(LlmExchange llm) {
		if (llm.request() == null) {
			return BigDecimal.ZERO;
		}
		Deployment d = llm.group() == null || llm.group().deployments().isEmpty() ? null
				: llm.group().deployments().get(0);
		AppliedPrice price = d != null ? prices.forDeployment(d) : prices.forModel(null, llm.requestedModel());
		if (price == null || price.price() == null) {
			return BigDecimal.ZERO;
		}
		long input = tokens.promptTokens(llm, d != null ? d.model() : llm.requestedModel());
		long output = TokenEstimator.expectedOutput(llm.request(), defaultOutputTokens);
		return CostCalculator.cost(new Usage(input, output, 0, 0, 0), price.price());
	}
}

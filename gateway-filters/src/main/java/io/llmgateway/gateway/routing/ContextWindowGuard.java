package io.llmgateway.gateway.routing;

import io.llmgateway.gateway.core.Deployment;
import io.llmgateway.gateway.core.LlmExchange;
import io.llmgateway.gateway.core.TokenEstimator;
import io.llmgateway.translate.model.ErrorType;
import io.llmgateway.translate.model.LlmError;

/**
 * The pre-call context-window check: a deployment with a known {@code max-input-tokens} is skipped when the prompt
 * is larger, so the request goes to a {@code context-window-fallbacks} group without a wasted provider call. The
 * prompt is counted once per request (the rate limiter shares the count).
 */
public class ContextWindowGuard {

	private final TokenEstimator estimator;

	public ContextWindowGuard(TokenEstimator estimator) {
		this.estimator = estimator;
	}

	public boolean fits(LlmExchange llm, Deployment deployment) {
		Long max = deployment.config().maxInputTokens();
		return max == null || promptTokens(llm) <= max;
	}

	public LlmError error(LlmExchange llm, Deployment deployment) {
		return LlmError.of(ErrorType.CONTEXT_WINDOW_EXCEEDED, "context_length_exceeded",
				"The prompt has about " + promptTokens(llm) + " tokens, more than the "
						+ deployment.config().maxInputTokens() + " input tokens model '" + deployment.group()
						+ "' accepts.");
	}

	long promptTokens(LlmExchange llm) {
		return estimator.promptTokens(llm, llm.request() == null ? null : llm.request().model());
	}
}

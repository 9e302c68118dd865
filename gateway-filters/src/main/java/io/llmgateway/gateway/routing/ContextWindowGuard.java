package io.llmgateway.gateway.routing;

import java.util.function.ToLongFunction;

import io.llmgateway.gateway.core.Deployment;
import io.llmgateway.gateway.core.LlmExchange;
import io.llmgateway.translate.model.ErrorType;
import io.llmgateway.translate.model.LlmError;

/**
 * The pre-call context-window check: a deployment with a known {@code max-input-tokens} is skipped when the prompt
 * is larger, so the request goes to a {@code context-window-fallbacks} group without a wasted provider call. The
 * prompt is counted once per request and remembered on the context.
 */
public class ContextWindowGuard {

	private static final String ATTRIBUTE = ContextWindowGuard.class.getName() + ".promptTokens";

	private final ToLongFunction<LlmExchange> promptTokens;

	public ContextWindowGuard(ToLongFunction<LlmExchange> promptTokens) {
		this.promptTokens = promptTokens;
	}

	public boolean fits(LlmExchange llm, Deployment deployment) {
		Long max = deployment.config().maxInputTokens();
		return max == null || promptTokens(llm) <= max;
	}

	public LlmError error(LlmExchange llm, Deployment deployment) {
		return LlmError.of(ErrorType.CONTEXT_WINDOW_EXCEEDED, "context_length_exceeded",
				"The prompt has about " + promptTokens(llm) + " tokens, more than the " + deployment.config().maxInputTokens()
						+ " input tokens model '" + deployment.group() + "' accepts.");
	}

	long promptTokens(LlmExchange llm) {
		Object known = llm.attributes().get(ATTRIBUTE);
		if (known instanceof Long n) {
			return n;
		}
		long n = promptTokens.applyAsLong(llm);
		llm.attributes().put(ATTRIBUTE, n);
		return n;
	}
}

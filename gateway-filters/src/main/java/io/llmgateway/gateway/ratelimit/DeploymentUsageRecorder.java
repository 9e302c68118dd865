package io.llmgateway.gateway.ratelimit;

import io.llmgateway.gateway.core.LlmExchange;
import io.llmgateway.gateway.core.LlmExchangeInitializer;
import org.springframework.web.server.ServerWebExchange;

/**
 * Records per-deployment usage ({@code llm.models[].rpm/tpm}) for every LLM request, on every route: requests that
 * went through {@code LlmTokenRateLimit} have it recorded by their reconciliation (same round trip); the others are
 * recorded here at completion.
 */
final class DeploymentUsageRecorder implements LlmExchangeInitializer {

	private final TokenRateLimiter limiter;

	DeploymentUsageRecorder(TokenRateLimiter limiter) {
		this.limiter = limiter;
	}

	@Override
	public void initialize(LlmExchange llm, ServerWebExchange exchange) {
		llm.onComplete(done -> {
			if (!done.attributes().containsKey(LlmTokenRateLimitGatewayFilterFactory.RESERVATION_ATTRIBUTE)) {
				limiter.recordDeploymentUsage(done).subscribe();
			}
		});
	}
}

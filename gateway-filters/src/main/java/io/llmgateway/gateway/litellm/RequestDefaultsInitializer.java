package io.llmgateway.gateway.litellm;

import io.llmgateway.gateway.core.LlmExchange;
import io.llmgateway.gateway.core.LlmExchangeInitializer;
import io.llmgateway.translate.model.ChatRequest;
import org.springframework.web.server.ServerWebExchange;

/**
 * LiteLLM's per-deployment {@code temperature} and {@code max_tokens} in {@code litellm_params}: filled in when the
 * request does not say, per model name (a request's own values always win).
 */
final class RequestDefaultsInitializer implements LlmExchangeInitializer {

	private final ModelRuntime runtime;

	RequestDefaultsInitializer(ModelRuntime runtime) {
		this.runtime = runtime;
	}

	@Override
	public void initialize(LlmExchange llm, ServerWebExchange exchange) {
		ChatRequest request = llm.request();
		if (request == null || request.model() == null) {
			return;
		}
		LiteLlmTranslation.RequestDefaults d = runtime.defaults().get(request.model());
		if (d == null) {
			return;
		}
		if (d.temperature() != null && request.temperature() == null) {
			request.temperature(d.temperature());
		}
		if (d.maxTokens() != null && request.maxTokens() == null) {
			request.maxTokens(d.maxTokens());
		}
	}
}

package io.llmgateway.gateway.core;

import org.springframework.web.server.ServerWebExchange;

/**
 * Beans of this type are called by {@code LlmModel} right after it creates the context of a request, before any
 * other LLM filter runs: the place for cross-cutting capabilities (metrics, access logs, tracing) to register their
 * {@link CompletionListener}s on every route.
 */
@FunctionalInterface
public interface LlmExchangeInitializer {

	void initialize(LlmExchange llm, ServerWebExchange exchange);
}

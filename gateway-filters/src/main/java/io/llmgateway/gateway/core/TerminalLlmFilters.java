package io.llmgateway.gateway.core;

import io.llmgateway.translate.model.ErrorType;
import io.llmgateway.translate.model.LlmError;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** What the terminal LLM filters ({@code LlmTranslate}, {@code LlmCountTokens}) share before calling a provider. */
public final class TerminalLlmFilters {

	private TerminalLlmFilters() {
	}

	/**
	 * Marks the exchange routed (Spring Cloud Gateway's routing filters must not run) and returns its
	 * {@link LlmExchange} with a resolved alias, or null when no {@code LlmModel} ran before (answer with
	 * {@link #misconfigured}).
	 */
	public static LlmExchange start(ServerWebExchange exchange) {
		ServerWebExchangeUtils.setAlreadyRouted(exchange);
		LlmExchange llm = LlmExchange.get(exchange);
		return llm == null || llm.group() == null ? null : llm;
	}

	/** The 500 for a route whose terminal LLM filter has no {@code LlmModel} before it. */
	public static Mono<Void> misconfigured(ServerWebExchange exchange, String filter) {
		return ErrorWriter.write(exchange, LlmError.of(ErrorType.SERVER_ERROR,
				"Route misconfigured: " + filter + " needs LlmModel before it."));
	}
}

package io.llmgateway.gateway.core;

import java.util.Set;
import java.util.function.Function;

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

	/** Chooses one deployment of the alias and runs {@code action} with it, or answers 503 when none is left. */
	public static Mono<Void> withDeployment(ServerWebExchange exchange, LlmExchange llm, DeploymentSelector selector,
			Function<Deployment, Mono<Void>> action) {
		return selector.select(llm, llm.group(), Set.of())
			.singleOptional()
			.flatMap(deployment -> deployment.isPresent() ? action.apply(deployment.get())
					: ErrorWriter.write(exchange, LlmError.of(ErrorType.UNAVAILABLE, "no_deployment_available",
							"No deployment of model '" + llm.group().name() + "' is available.")));
	}
}

package io.llmgateway.gateway.translate;

import io.llmgateway.gateway.core.AttemptFailedException;
import io.llmgateway.gateway.core.ErrorWriter;
import io.llmgateway.gateway.core.LlmExchange;
import io.llmgateway.gateway.core.RequestRouter;
import io.llmgateway.gateway.core.TerminalLlmFilters;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;

/**
 * {@code LlmTranslate}: the terminal LLM filter. Hands the alias resolved by {@code LlmModel} to the
 * {@link RequestRouter}, which runs one {@link UpstreamDispatcher} attempt per deployment it tries; when every
 * attempt failed before anything reached the client, the last error is written in the client's protocol. It does not
 * continue the chain: Spring Cloud Gateway's own routing filters never see LLM requests.
 */
public class LlmTranslateGatewayFilterFactory extends AbstractGatewayFilterFactory<Object> {

	private final RequestRouter router;

	private final UpstreamDispatcher dispatcher;

	public LlmTranslateGatewayFilterFactory(RequestRouter router, UpstreamDispatcher dispatcher) {
		super(Object.class);
		this.router = router;
		this.dispatcher = dispatcher;
	}

	@Override
	public String name() {
		return "LlmTranslate";
	}

	@Override
	public GatewayFilter apply(Object config) {
		return (exchange, chain) -> {
			LlmExchange llm = TerminalLlmFilters.start(exchange);
			if (llm == null) {
				return TerminalLlmFilters.misconfigured(exchange, name());
			}
			return router.route(llm, (deployment, number) -> dispatcher.attempt(exchange, llm, deployment, number))
				.onErrorResume(AttemptFailedException.class, ex -> ErrorWriter.write(exchange, ex.error()));
		};
	}
}

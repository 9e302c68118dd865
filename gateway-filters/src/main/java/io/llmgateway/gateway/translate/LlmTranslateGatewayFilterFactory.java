package io.llmgateway.gateway.translate;

import io.llmgateway.gateway.core.DeploymentSelector;
import io.llmgateway.gateway.core.LlmExchange;
import io.llmgateway.gateway.core.RequestRouter;
import io.llmgateway.gateway.core.TerminalLlmFilters;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;

/**
 * {@code LlmTranslate}: the terminal LLM filter. Chooses a deployment of the alias resolved by {@code LlmModel}
 * through the {@link DeploymentSelector}, then lets the {@link UpstreamDispatcher} call it and write the answer. It
 * does not continue the chain: Spring Cloud Gateway's own routing filters never see LLM requests.
 */
public class LlmTranslateGatewayFilterFactory extends AbstractGatewayFilterFactory<Object> {

	private final DeploymentSelector selector;

	private final UpstreamDispatcher dispatcher;

	private final RequestRouter router;

	public LlmTranslateGatewayFilterFactory(DeploymentSelector selector, UpstreamDispatcher dispatcher) {
		this(selector, dispatcher, null);
	}

	/** With a {@link RequestRouter}, routing (retries, fallbacks, cooldowns) replaces the single attempt. */
	public LlmTranslateGatewayFilterFactory(DeploymentSelector selector, UpstreamDispatcher dispatcher,
			RequestRouter router) {
		super(Object.class);
		this.selector = selector;
		this.dispatcher = dispatcher;
		this.router = router;
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
			if (router != null) {
				return router.route(exchange, llm);
			}
			return TerminalLlmFilters.withDeployment(exchange, llm, selector,
					deployment -> dispatcher.dispatch(exchange, llm, deployment));
		};
	}
}

package io.llmgateway.gateway.translate;

import java.util.Set;

import io.llmgateway.gateway.core.DeploymentSelector;
import io.llmgateway.gateway.core.ErrorWriter;
import io.llmgateway.gateway.core.LlmExchange;
import io.llmgateway.gateway.core.RequestRouter;
import io.llmgateway.translate.model.ErrorType;
import io.llmgateway.translate.model.LlmError;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;

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
			ServerWebExchangeUtils.setAlreadyRouted(exchange);
			LlmExchange llm = LlmExchange.get(exchange);
			if (llm == null || llm.group() == null) {
				return ErrorWriter.write(exchange, LlmError.of(ErrorType.SERVER_ERROR,
						"Route misconfigured: LlmTranslate needs LlmModel before it."));
			}
			if (router != null) {
				return router.route(exchange, llm);
			}
			return selector.select(llm, llm.group(), Set.of())
				.singleOptional()
				.flatMap(deployment -> deployment.isPresent() ? dispatcher.dispatch(exchange, llm, deployment.get())
						: ErrorWriter.write(exchange, LlmError.of(ErrorType.UNAVAILABLE, "no_deployment_available",
								"No deployment of model '" + llm.group().name() + "' is available.")));
		};
	}
}

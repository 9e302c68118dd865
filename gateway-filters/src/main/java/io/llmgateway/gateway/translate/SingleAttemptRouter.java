package io.llmgateway.gateway.translate;

import java.util.Set;

import io.llmgateway.gateway.core.AttemptFailedException;
import io.llmgateway.gateway.core.DeploymentCall;
import io.llmgateway.gateway.core.DeploymentSelector;
import io.llmgateway.gateway.core.LlmExchange;
import io.llmgateway.gateway.core.RequestRouter;
import io.llmgateway.translate.model.ErrorType;
import io.llmgateway.translate.model.LlmError;
import reactor.core.publisher.Mono;

/**
 * The default {@link RequestRouter} when routing is switched off ({@code llm.router.enabled=false}): one attempt on
 * the deployment the {@link DeploymentSelector} chooses (weighted random), no retry.
 */
public final class SingleAttemptRouter implements RequestRouter {

	private final DeploymentSelector selector;

	public SingleAttemptRouter(DeploymentSelector selector) {
		this.selector = selector;
	}

	@Override
	public <T> Mono<T> route(LlmExchange llm, DeploymentCall<T> call) {
		return selector.select(llm, llm.group(), Set.of())
			.switchIfEmpty(Mono.error(() -> new AttemptFailedException(LlmError.of(ErrorType.UNAVAILABLE,
					"no_deployment_available", "No deployment of model '" + llm.group().name() + "' is available."))))
			.flatMap(deployment -> call.attempt(deployment, 1))
			.doOnError(AttemptFailedException.class, ex -> llm.error(ex.error()));
	}
}

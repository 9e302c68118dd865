package io.llmgateway.gateway.core;

import java.util.Set;

import reactor.core.publisher.Mono;

/**
 * Chooses one deployment of a group where no {@link RequestRouter} strategy applies: the single-attempt router (routing
 * switched off) and count tokens. Weighted random by default; the routing capability's strategies (least busy, lowest
 * latency, cost, usage) choose inside its own router instead.
 */
public interface DeploymentSelector {

	/**
	 * @param excluded ids of deployments that must not be chosen (already tried, cooling down)
	 * @return the deployment, or empty when none is left
	 */
	Mono<Deployment> select(LlmExchange llm, ModelGroup group, Set<String> excluded);
}

package io.llmgateway.gateway.core;

import java.util.Set;

import reactor.core.publisher.Mono;

/**
 * Chooses the deployment of a group for the next attempt. The default is weighted random; a routing strategy
 * (least busy, lowest latency, cost, usage) replaces it by declaring its own bean.
 */
public interface DeploymentSelector {

	/**
	 * @param excluded ids of deployments that must not be chosen (already tried, cooling down)
	 * @return the deployment, or empty when none is left
	 */
	Mono<Deployment> select(LlmExchange llm, ModelGroup group, Set<String> excluded);
}

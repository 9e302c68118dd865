package io.llmgateway.gateway.core;

import reactor.core.publisher.Mono;

/**
 * Takes a resolved LLM request to its providers: chooses the deployments of {@link LlmExchange#group()} and runs
 * one {@link DeploymentCall} per attempt until one succeeds. Every upstream call goes through this seam, chat and
 * embeddings alike. The dispatch package's single-attempt router is the default; the routing capability replaces
 * it (retries, fallbacks, cooldowns, deployment quotas).
 */
public interface RequestRouter {

	/**
	 * @return the result of the attempt that succeeded; when none did, an {@link AttemptFailedException} carrying
	 * the error to report (also set as {@link LlmExchange#error()}), nothing having reached the client
	 */
	<T> Mono<T> route(LlmExchange llm, DeploymentCall<T> call);
}

package io.llmgateway.gateway.core;

import reactor.core.publisher.Mono;

/**
 * One attempt of a request on one deployment, as a {@link RequestRouter} runs it. An attempt that fails before
 * anything reached the client signals {@link AttemptFailedException}: the router may then try elsewhere. Any other
 * outcome (success, or a failure after the first byte, reported in-band) is final.
 */
@FunctionalInterface
public interface DeploymentCall<T> {

	/**
	 * @param number 1 for the first attempt of the request, counting retries and fallbacks
	 */
	Mono<T> attempt(Deployment deployment, int number);
}

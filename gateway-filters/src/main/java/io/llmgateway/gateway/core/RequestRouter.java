package io.llmgateway.gateway.core;

import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Takes a resolved LLM request to its providers and writes the answer: the seam between {@code LlmTranslate} and the
 * routing capability (retries, fallbacks, cooldowns). Without a bean of this type, {@code LlmTranslate} makes one
 * attempt on the deployment chosen by the {@link DeploymentSelector}.
 */
public interface RequestRouter {

	Mono<Void> route(ServerWebExchange exchange, LlmExchange llm);
}

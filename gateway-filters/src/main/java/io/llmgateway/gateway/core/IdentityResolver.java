package io.llmgateway.gateway.core;

import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The identity SPI. Resolvers are tried in {@link Ordered} order; the first non-empty result wins. A resolver that
 * recognises a credential it must reject signals {@link io.llmgateway.translate.model.LlmException} (401/403), which
 * is rendered in the client's protocol.
 */
public interface IdentityResolver extends Ordered {

	Mono<Identity> resolve(ServerWebExchange exchange, LlmExchange llm);

	@Override
	default int getOrder() {
		return 0;
	}
}

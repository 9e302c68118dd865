package io.llmgateway.gateway.auth;

import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Tells whether the application's own security already consumed the request's {@code Authorization: Bearer} token
 * (an OAuth2 JWT or opaque token Spring Security authenticated): such a bearer is the application's credential, not
 * a gateway key, so {@link VirtualKeyIdentityResolver} leaves it alone and looks only at {@code x-api-key} /
 * {@code api-key}.
 */
@FunctionalInterface
public interface AppCredentials {

	/** No application security: every bearer is a gateway key. */
	AppCredentials NONE = (exchange, bearer) -> Mono.just(false);

	Mono<Boolean> ownsBearer(ServerWebExchange exchange, String bearer);
}

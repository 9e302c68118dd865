package io.llmgateway.gateway.auth.security;

import io.llmgateway.gateway.auth.AppCredentials;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.oauth2.server.resource.authentication.AbstractOAuth2TokenAuthenticationToken;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The bearer belongs to the application when Spring Security authenticated the request from exactly that token.
 * Loaded only when the OAuth2 resource-server classes are present.
 */
public final class OAuth2BearerCredentials implements AppCredentials {

	@Override
	public Mono<Boolean> ownsBearer(ServerWebExchange exchange, String bearer) {
		return ReactiveSecurityContextHolder.getContext()
			.mapNotNull(SecurityContext::getAuthentication)
			.map(a -> a instanceof AbstractOAuth2TokenAuthenticationToken<?> token
					&& bearer.equals(token.getToken().getTokenValue()))
			.defaultIfEmpty(false);
	}
}

package io.llmgateway.gateway.auth.security;

import java.util.Map;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.server.resource.authentication.AbstractOAuth2TokenAuthenticationToken;

/**
 * Token claims of an OAuth2 authentication (a JWT or an introspected opaque token). Referenced only when the OAuth2
 * resource-server classes are on the classpath, so applications without them never load this class.
 */
final class OAuth2Claims {

	private OAuth2Claims() {
	}

	static Map<String, Object> of(Authentication authentication) {
		if (authentication instanceof AbstractOAuth2TokenAuthenticationToken<?> token) {
			return token.getTokenAttributes();
		}
		if (authentication.getPrincipal() instanceof OAuth2AuthenticatedPrincipal principal) {
			return principal.getAttributes();
		}
		return Map.of();
	}
}

package io.llmgateway.gateway.auth.security;

import io.llmgateway.gateway.core.AdminAuthorizer;
import io.llmgateway.gateway.core.MasterKeyAdminAuthorizer;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;
import reactor.core.publisher.Mono;

/**
 * Admin access for the master key or for a Spring Security principal holding the admin authority
 * ({@code llm.auth.principal.admin-authority}, default {@code ROLE_LLM_ADMIN}).
 */
public class SecurityAdminAuthorizer implements AdminAuthorizer {

	private final MasterKeyAdminAuthorizer masterKey;

	private final String adminAuthority;

	public SecurityAdminAuthorizer(MasterKeyAdminAuthorizer masterKey, String adminAuthority) {
		this.masterKey = masterKey;
		this.adminAuthority = adminAuthority;
	}

	@Override
	public Mono<Boolean> isAdmin(ServerHttpRequest request) {
		if (masterKey.isMasterKey(MasterKeyAdminAuthorizer.presentedKey(request))) {
			return Mono.just(true);
		}
		return ReactiveSecurityContextHolder.getContext()
			.mapNotNull(SecurityContext::getAuthentication)
			.map(a -> a.isAuthenticated()
					&& a.getAuthorities().stream().anyMatch(g -> adminAuthority.equals(g.getAuthority())))
			.defaultIfEmpty(false);
	}
}

package io.llmgateway.adminui;

import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.AuthenticationException;
import org.springframework.util.MultiValueMap;
import reactor.core.publisher.Mono;

/**
 * Sign-in through the application's Spring Security: the user name and password go to its authentication manager
 * (its user store and password encoder), and only a user holding the gateway's admin authority
 * ({@code llm.auth.principal.admin-authority}) gets a console session.
 */
final class SpringSecurityLogin implements ConsoleLogin {

	private final ReactiveAuthenticationManager authentication;

	private final String adminAuthority;

	SpringSecurityLogin(ReactiveAuthenticationManager authentication, String adminAuthority) {
		this.authentication = authentication;
		this.adminAuthority = adminAuthority;
	}

	@Override
	public String formKind() {
		return "password";
	}

	@Override
	public Mono<Result> authenticate(MultiValueMap<String, String> form, ServerHttpRequest request) {
		String user = form.getFirst("username");
		String password = form.getFirst("password");
		if (user == null || user.isBlank() || password == null || password.isEmpty()) {
			return Mono.just(Result.refused("Enter your user name and password."));
		}
		return authentication.authenticate(UsernamePasswordAuthenticationToken.unauthenticated(user.trim(), password))
			.map(a -> a.isAuthenticated() && a.getAuthorities().stream().anyMatch(g -> adminAuthority.equals(g.getAuthority()))
					? Result.ok(a.getName())
					: Result.refused("This user may not use the admin console."))
			.defaultIfEmpty(Result.refused("Wrong user name or password."))
			.onErrorResume(AuthenticationException.class, ex -> Mono.just(Result.refused("Wrong user name or password.")));
	}
}

package io.llmgateway.adminui;

import java.util.function.Supplier;

import io.llmgateway.gateway.core.AdminAuthorizer;
import org.springframework.http.server.reactive.ServerHttpRequest;
import reactor.core.publisher.Mono;

/**
 * The gateway's admin check, extended to signed-in console users: a request is admin when the original authorizer
 * says so (master key, admin principal), or when it carries a live console session and, unless it is a GET or HEAD,
 * the session's CSRF token in {@code x-csrf-token}. This is how the console's pages use the existing admin API
 * without ever holding the master key.
 */
public final class ConsoleSessionAdminAuthorizer implements AdminAuthorizer {

	private final AdminAuthorizer delegate;

	private final Supplier<ConsoleSessions> sessions;

	/** {@code sessions} is looked up on first use: this wrapper is made while the context is still being built. */
	public ConsoleSessionAdminAuthorizer(AdminAuthorizer delegate, Supplier<ConsoleSessions> sessions) {
		this.delegate = delegate;
		this.sessions = sessions;
	}

	public AdminAuthorizer delegate() {
		return delegate;
	}

	@Override
	public Mono<Boolean> isAdmin(ServerHttpRequest request) {
		ConsoleSessions.Session session = sessions.get().find(request);
		if (session != null && ConsoleSessions.csrfOk(request, session)) {
			return Mono.just(true);
		}
		return delegate.isAdmin(request);
	}
}

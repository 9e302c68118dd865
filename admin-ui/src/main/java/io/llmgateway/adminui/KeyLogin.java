package io.llmgateway.adminui;

import io.llmgateway.gateway.core.AdminAuthorizer;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.util.MultiValueMap;
import reactor.core.publisher.Mono;

/**
 * Sign-in with the master key, or any key the gateway's own admin check accepts: the key is presented to that
 * check exactly as an API client would send it, so the console never has a rule of its own.
 */
final class KeyLogin implements ConsoleLogin {

	private final AdminAuthorizer authorizer;

	KeyLogin(AdminAuthorizer authorizer) {
		this.authorizer = authorizer;
	}

	@Override
	public String formKind() {
		return "key";
	}

	@Override
	public Mono<Result> authenticate(MultiValueMap<String, String> form, ServerHttpRequest request) {
		String key = form.getFirst("key");
		if (key == null || key.isBlank()) {
			return Mono.just(Result.refused("Enter the master key."));
		}
		ServerHttpRequest asClient = request.mutate().headers(h -> {
			h.remove("x-api-key");
			h.remove("api-key");
			h.setBearerAuth(key.trim());
		}).build();
		return authorizer.isAdmin(asClient)
			.defaultIfEmpty(false)
			.map(ok -> ok ? Result.ok("master key") : Result.refused("This key may not use the admin console."));
	}
}

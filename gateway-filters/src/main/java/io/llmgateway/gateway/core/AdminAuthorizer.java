package io.llmgateway.gateway.core;

import org.springframework.http.server.reactive.ServerHttpRequest;
import reactor.core.publisher.Mono;

/**
 * Decides whether a request may use the admin endpoints (keys, spend reports, cache eviction). The default accepts
 * {@code Authorization: Bearer <llm.keys.master-key>}; the keys package may add an admin role from Spring Security.
 */
public interface AdminAuthorizer {

	Mono<Boolean> isAdmin(ServerHttpRequest request);
}

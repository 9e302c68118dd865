package io.llmgateway.gateway.cache;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.llmgateway.gateway.core.AdminAuthorizer;
import io.llmgateway.gateway.core.LlmAdminEndpoints;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Admin endpoints of the response cache, behind the {@link AdminAuthorizer} (by default the master key as a bearer
 * token), shaped like LiteLLM's:
 * <ul>
 * <li>{@code GET /cache/ping}: backend and health;</li>
 * <li>{@code POST /cache/delete {"keys": [...]}}: evict by key, either the hash of {@code x-cache-key} (in every
 * namespace) or {@code namespace:hash};</li>
 * <li>{@code POST /cache/flush {"namespace": "..."} | {"key_id": "..."} | {"team_id": "..."} | {"all": true}}: evict a
 * namespace (with its sub-namespaces) or everything, with the semantic stage's entries of that scope (in this
 * instance's index and, on Redis, the shared ones).</li>
 * </ul>
 */
public final class CacheAdminRoutes {

	private final ResponseCache cache;

	private final CacheProperties properties;

	private final AdminAuthorizer authorizer;

	private final JsonMapper mapper;

	/** Null unless {@code llm.cache.semantic.enabled}. */
	private final SemanticStage semantic;

	public CacheAdminRoutes(ResponseCache cache, CacheProperties properties, AdminAuthorizer authorizer,
			JsonMapper mapper) {
		this(cache, null, properties, authorizer, mapper);
	}

	public CacheAdminRoutes(ResponseCache cache, SemanticStage semantic, CacheProperties properties,
			AdminAuthorizer authorizer, JsonMapper mapper) {
		this.cache = cache;
		this.semantic = semantic;
		this.properties = properties;
		this.authorizer = authorizer;
		this.mapper = mapper;
	}

	/** The {@code cache} group of admin endpoints. */
	public LlmAdminEndpoints endpoints() {
		return new LlmAdminEndpoints("cache", RouterFunctions.route()
			.GET("/cache/ping", this::ping)
			.POST("/cache/delete", this::delete)
			.POST("/cache/flush", this::flush)
			.filter((request, next) -> authorizer.isAdmin(request.exchange().getRequest())
				.defaultIfEmpty(Boolean.FALSE)
				.flatMap(admin -> admin ? next.handle(request)
						: error(HttpStatus.UNAUTHORIZED, "authentication_error",
								"Admin credential required for the cache admin endpoints")))
			.build());
	}

	private Mono<ServerResponse> ping(ServerRequest request) {
		return cache.ping().flatMap(status -> {
			Map<String, Object> body = new LinkedHashMap<>(status);
			body.put("enabled", properties.enabled());
			boolean healthy = "healthy".equals(status.get("status"));
			return json(healthy ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE, body);
		});
	}

	private Mono<ServerResponse> delete(ServerRequest request) {
		return body(request).flatMap(body -> {
			JsonNode keys = body.get("keys");
			if (keys == null || !keys.isArray() || keys.isEmpty()) {
				return error(HttpStatus.BAD_REQUEST, "invalid_request_error", "'keys' must be a non-empty array");
			}
			List<String> ids = new ArrayList<>();
			for (JsonNode k : keys) {
				if (!k.isString() || k.asString().isBlank()) {
					return error(HttpStatus.BAD_REQUEST, "invalid_request_error", "'keys' must hold strings");
				}
				ids.add(k.asString().trim());
			}
			return deleted(cache.evict(ids), null);
		});
	}

	private Mono<ServerResponse> flush(ServerRequest request) {
		return body(request).flatMap(body -> {
			if (body.path("all").asBoolean(false)) {
				return flushed(cache.clear(), semantic == null ? null : semantic.clear());
			}
			String namespace = text(body, "namespace");
			if (namespace == null && text(body, "key_id") != null) {
				namespace = CacheNamespaces.key(text(body, "key_id"));
			}
			if (namespace == null && text(body, "team_id") != null) {
				namespace = CacheNamespaces.team(text(body, "team_id"));
			}
			if (namespace == null) {
				return error(HttpStatus.BAD_REQUEST, "invalid_request_error",
						"give 'namespace', 'key_id', 'team_id' or \"all\": true");
			}
			return flushed(cache.evictNamespace(namespace),
					semantic == null ? null : semantic.clearNamespace(namespace));
		});
	}

	/**
	 * Flushes the semantic entries first (that never fails), then the answers; the answer says how many of each
	 * ({@code semantic_deleted}: the entries this instance had indexed).
	 */
	private Mono<ServerResponse> flushed(Mono<Long> answers, Mono<Long> entries) {
		return entries == null ? deleted(answers, null) : entries.flatMap(m -> deleted(answers, m));
	}

	private Mono<ServerResponse> deleted(Mono<Long> count, Long semanticCount) {
		return count.flatMap(n -> {
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("status", "success");
			body.put("deleted", n);
			if (semanticCount != null) {
				body.put("semantic_deleted", semanticCount);
			}
			return json(HttpStatus.OK, body);
		})
			.onErrorResume(ex -> error(HttpStatus.SERVICE_UNAVAILABLE, "server_error",
					"Cache backend unavailable: " + ex.getClass().getSimpleName()));
	}

	private Mono<JsonNode> body(ServerRequest request) {
		return request.bodyToMono(byte[].class)
			.map(bytes -> {
				JsonNode node = mapper.readTree(bytes);
				return node == null || !node.isObject() ? (JsonNode) mapper.createObjectNode() : node;
			})
			.onErrorResume(ex -> Mono.just(mapper.createObjectNode()))
			.defaultIfEmpty(mapper.createObjectNode());
	}

	private static String text(JsonNode body, String name) {
		JsonNode v = body.get(name);
		return v != null && v.isString() && !v.asString().isBlank() ? v.asString() : null;
	}

	private Mono<ServerResponse> json(HttpStatus status, Object body) {
		return ServerResponse.status(status)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(mapper.writeValueAsBytes(body));
	}

	private Mono<ServerResponse> error(HttpStatus status, String type, String message) {
		Map<String, Object> error = new LinkedHashMap<>();
		error.put("message", message);
		error.put("type", type);
		error.put("code", String.valueOf(status.value()));
		return json(status, Map.of("error", error));
	}
}

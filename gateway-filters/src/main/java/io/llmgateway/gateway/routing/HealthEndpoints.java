package io.llmgateway.gateway.routing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.llmgateway.gateway.core.AdminAuthorizer;
import io.llmgateway.gateway.core.Deployment;
import io.llmgateway.gateway.core.LlmAdminEndpoints;
import io.llmgateway.gateway.core.ModelGroup;
import io.llmgateway.gateway.model.ModelRegistry;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * {@code GET /health} (per-deployment status, last error, cooling or not), {@code /health/liveness} and
 * {@code /health/readiness} (ready while every model group has a deployment that is not cooling down), mounted
 * under the admin prefix ({@code /llm/health} by default). Without background checks, health reflects live
 * traffic. Public callers learn only up or down ({@code {"status":"up"}}); the details (deployments, latencies,
 * last errors, unavailable models) need an admin credential ({@link AdminAuthorizer}). Never shows api keys or
 * bases.
 */
public final class HealthEndpoints {

	private HealthEndpoints() {
	}

	/** The {@code health} group of admin endpoints. */
	public static LlmAdminEndpoints endpoints(ModelRegistry models, CooldownTracker cooldowns, DeploymentStats stats,
			AdminAuthorizer admin) {
		return new LlmAdminEndpoints("health", RouterFunctions.route()
			.GET("/health/liveness", req -> ok(HttpStatus.OK, Map.of("status", "alive")))
			.GET("/health/readiness", req -> {
				List<String> down = unavailable(models, cooldowns);
				HttpStatus status = down.isEmpty() ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE;
				String word = down.isEmpty() ? "ready" : "degraded";
				return admin.isAdmin(req.exchange().getRequest()).defaultIfEmpty(false).flatMap(isAdmin -> {
					Map<String, Object> body = new LinkedHashMap<>();
					body.put("status", word);
					if (isAdmin) {
						body.put("unavailable_models", down);
					}
					return ok(status, body);
				});
			})
			.GET("/health", req -> admin.isAdmin(req.exchange().getRequest())
				.defaultIfEmpty(false)
				.flatMap(isAdmin -> {
					if (isAdmin) {
						return ok(HttpStatus.OK, report(models, cooldowns, stats));
					}
					boolean up = unavailable(models, cooldowns).isEmpty();
					return ok(up ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE, Map.of("status", up ? "up" : "down"));
				}))
			.build());
	}

	/** Model groups whose every deployment is cooling down. */
	static List<String> unavailable(ModelRegistry models, CooldownTracker cooldowns) {
		List<String> down = new ArrayList<>();
		for (ModelGroup g : models.groups()) {
			if (g.deployments().stream().allMatch(d -> cooldowns.isCooling(d.id()))) {
				down.add(g.name());
			}
		}
		return down;
	}

	static Map<String, Object> report(ModelRegistry models, CooldownTracker cooldowns, DeploymentStats stats) {
		List<Map<String, Object>> healthy = new ArrayList<>();
		List<Map<String, Object>> unhealthy = new ArrayList<>();
		for (ModelGroup g : models.groups()) {
			for (Deployment d : g.deployments()) {
				DeploymentStats.Health h = stats.health(d.id());
				long cooling = cooldowns.remainingMillis(d.id());
				Map<String, Object> row = new LinkedHashMap<>();
				row.put("id", d.id());
				row.put("model_name", d.group());
				row.put("provider", d.provider());
				row.put("model", d.model());
				row.put("status", cooling > 0 ? "cooling_down" : h.ok() == null ? "unknown" : h.ok() ? "healthy" : "unhealthy");
				row.put("cooldown_remaining_ms", cooling);
				row.put("in_flight", stats.inFlight(d.id()));
				row.put("latency_ms", stats.latencyMillis(d.id()) < 0 ? null : Math.round(stats.latencyMillis(d.id())));
				row.put("last_checked_at", h.checkedAt() == 0 ? null : h.checkedAt());
				row.put("last_error", h.lastError());
				row.put("last_error_at", h.lastErrorAt() == 0 ? null : h.lastErrorAt());
				(cooling > 0 || Boolean.FALSE.equals(h.ok()) ? unhealthy : healthy).add(row);
			}
		}
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("healthy_count", healthy.size());
		body.put("unhealthy_count", unhealthy.size());
		body.put("healthy_endpoints", healthy);
		body.put("unhealthy_endpoints", unhealthy);
		return body;
	}

	private static reactor.core.publisher.Mono<ServerResponse> ok(HttpStatus status, Object body) {
		return ServerResponse.status(status).contentType(MediaType.APPLICATION_JSON).bodyValue(body);
	}
}

package io.llmgateway.gateway.core;

import java.util.Objects;

import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * One group of the gateway's own HTTP endpoints (admin APIs, health, a console), mounted by
 * {@link LlmAdminHandlerMapping} so that they <b>never shadow the application's routes</b>: the mapping runs after
 * Spring Cloud Gateway's {@code RoutePredicateHandlerMapping}, so any route the application declares (even a
 * catch-all) answers first.
 *
 * <p>To add endpoints, declare a bean of this type in your capability's auto-configuration, with paths written
 * <b>relative to the admin prefix</b> and without any prefix of your own:
 *
 * <pre>{@code
 * @Bean
 * LlmAdminEndpoints llmModelAdminEndpoints(ModelAdminHandler handler) {
 *     return new LlmAdminEndpoints("models", RouterFunctions.route()
 *         .GET("/model/info", handler::info)
 *         .POST("/model/new", handler::create)
 *         .build());
 * }
 * }</pre>
 *
 * The group is then served at {@code <llm.admin.path-prefix>/model/info} ({@code /llm/model/info} by default) and,
 * when {@code llm.admin.litellm-paths=true} and {@link #litellmAlias()} is true, also at {@code /model/info}
 * (LiteLLM's path). {@code llm.admin.<group>.enabled=false} removes the group, {@code llm.admin.enabled=false} all
 * groups. The endpoints must check their caller themselves (usually with {@link AdminAuthorizer}); the mapping does
 * not, because some endpoints are public (the up/down part of health). A group that is not a LiteLLM path (a web
 * console at {@code /ui}, say) passes {@code litellmAlias = false} and is served under the prefix only.
 *
 * <p>Do not declare {@link RouterFunction} beans for the gateway's own endpoints: WebFlux mounts those before the
 * gateway's routes.
 *
 * @param group the switch name: {@code llm.admin.<group>.enabled}; lower case, e.g. {@code keys}, {@code spend}
 * @param routes the endpoints, paths relative to the prefix
 * @param litellmAlias also mount the group without the prefix when {@code llm.admin.litellm-paths=true}
 */
public record LlmAdminEndpoints(String group, RouterFunction<ServerResponse> routes, boolean litellmAlias) {

	public LlmAdminEndpoints {
		Objects.requireNonNull(group, "group");
		Objects.requireNonNull(routes, "routes");
		if (!group.matches("[a-z][a-z0-9-]*")) {
			throw new IllegalArgumentException("admin endpoint group '" + group + "' must be lower-case kebab-case");
		}
	}

	/** A group of LiteLLM-compatible endpoints (also served unprefixed with {@code llm.admin.litellm-paths}). */
	public LlmAdminEndpoints(String group, RouterFunction<ServerResponse> routes) {
		this(group, routes, true);
	}
}

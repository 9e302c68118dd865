package io.llmgateway.gateway.core;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;

/**
 * {@code llm.admin.*}: where the gateway's own endpoints ({@link LlmAdminEndpoints}) are served.
 *
 * @param enabled serve the gateway's admin and health endpoints at all (default true)
 * @param pathPrefix the prefix every group is served under (default {@code /llm}; {@code /llm/key/generate},
 *     {@code /llm/health}, ...)
 * @param litellmPaths also serve LiteLLM's unprefixed paths ({@code /key/generate}, {@code /health}, ...) for
 *     LiteLLM clients and dashboards (default false); they still never shadow a route of the application
 * @param beforeRoutes serve these endpoints <i>ahead of</i> the application's routes (default false): only for an
 *     application whose own catch-all route ({@code Path=/**}) would otherwise hide them; then the endpoints'
 *     paths win over the application's routes
 *
 * Each group has its own switch, {@code llm.admin.<group>.enabled} (default true), bound by {@link LlmAdminGroups}.
 */
@ConfigurationProperties(LlmAdminProperties.PREFIX)
public record LlmAdminProperties(Boolean enabled, String pathPrefix, boolean litellmPaths, boolean beforeRoutes) {

	public static final String PREFIX = "llm.admin";

	@ConstructorBinding
	public LlmAdminProperties {
		enabled = enabled == null || enabled;
		pathPrefix = normalize(pathPrefix == null ? "/llm" : pathPrefix);
	}

	/** Without {@code before-routes} (false): the endpoints come after the application's routes. */
	public LlmAdminProperties(Boolean enabled, String pathPrefix, boolean litellmPaths) {
		this(enabled, pathPrefix, litellmPaths, false);
	}

	private static String normalize(String prefix) {
		String p = prefix.trim();
		while (p.endsWith("/")) {
			p = p.substring(0, p.length() - 1);
		}
		if (!p.isEmpty() && !p.startsWith("/")) {
			p = "/" + p;
		}
		if (!p.matches("(/[A-Za-z0-9._~-]+)*")) {
			throw new IllegalArgumentException("llm.admin.path-prefix must be a plain path like /llm, not '" + prefix + "'");
		}
		return p;
	}
}

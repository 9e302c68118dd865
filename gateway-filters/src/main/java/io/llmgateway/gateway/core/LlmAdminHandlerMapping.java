package io.llmgateway.gateway.core;

import java.util.ArrayList;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.reactive.function.server.support.RouterFunctionMapping;
import reactor.core.publisher.Mono;

/**
 * Serves every enabled {@link LlmAdminEndpoints} group under {@code llm.admin.path-prefix} (and unprefixed with
 * {@code llm.admin.litellm-paths}), ordered right after Spring Cloud Gateway's route handler mapping
 * ({@code spring.cloud.gateway.server.webflux.handler-mapping.order}, default 1): a request reaches these endpoints
 * only when no route of the application matched it.
 */
public class LlmAdminHandlerMapping extends RouterFunctionMapping {

	private static final Log log = LogFactory.getLog(LlmAdminHandlerMapping.class);

	/** Spring Cloud Gateway's setting for the order of its route handler mapping (default 1). */
	public static final String GATEWAY_ORDER = "spring.cloud.gateway.server.webflux.handler-mapping.order";

	/**
	 * @param switches which groups are on ({@code llm.admin.<group>.enabled})
	 * @param gateway the order of the gateway's route handler mapping ({@link #GATEWAY_ORDER})
	 */
	public LlmAdminHandlerMapping(List<LlmAdminEndpoints> groups, LlmAdminProperties properties,
			LlmAdminGroups switches, int gateway, ServerCodecConfigurer codecs) {
		super(compose(groups, properties, switches));
		setMessageReaders(codecs.getReaders());
		if (properties.beforeRoutes()) {
			setOrder(gateway == Integer.MIN_VALUE ? gateway : gateway - 1);
		}
		else {
			setOrder(gateway == Integer.MAX_VALUE ? gateway : gateway + 1);
		}
	}

	static RouterFunction<ServerResponse> compose(List<LlmAdminEndpoints> groups, LlmAdminProperties properties,
			LlmAdminGroups switches) {
		List<String> served = new ArrayList<>();
		RouterFunction<ServerResponse> all = request -> Mono.empty();
		if (!properties.enabled()) {
			log.info("LLM gateway admin and health endpoints are off (llm.admin.enabled=false)");
			return all;
		}
		for (LlmAdminEndpoints group : groups) {
			if (!switches.enabled(group.group())) {
				continue;
			}
			served.add(group.group());
			all = all.and(properties.pathPrefix().isEmpty() ? group.routes()
					: RouterFunctions.nest(RequestPredicates.path(properties.pathPrefix()), group.routes()));
			if (properties.litellmPaths() && group.litellmAlias() && !properties.pathPrefix().isEmpty()) {
				all = all.and(group.routes());
			}
		}
		if (!served.isEmpty()) {
			log.info("LLM gateway endpoints " + served + " under '" + properties.pathPrefix() + "/'"
					+ (properties.litellmPaths() ? " and at LiteLLM's unprefixed paths" : "")
					+ (properties.beforeRoutes() ? "; ahead of the application's routes (llm.admin.before-routes)"
							: "; routes of the application take precedence"));
		}
		return all;
	}
}

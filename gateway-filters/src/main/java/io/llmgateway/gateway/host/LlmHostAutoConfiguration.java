package io.llmgateway.gateway.host;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.cloud.gateway.route.RouteDefinitionLocator;
import org.springframework.context.annotation.Bean;

/**
 * The starter as a guest in the application's gateway: start-up checks about how its routes sit among the
 * application's ({@code llm.host.route-check.enabled}, default true).
 */
@AutoConfiguration
@ConditionalOnClass(RouteDefinitionLocator.class)
public class LlmHostAutoConfiguration {

	/** Logs a warning for every LLM route an earlier route shadows (see {@link RouteShadowingCheck}). */
	@Bean
	@ConditionalOnProperty(name = "llm.host.route-check.enabled", matchIfMissing = true)
	SmartInitializingSingleton llmRouteShadowingCheck(ObjectProvider<RouteDefinitionLocator> locator) {
		return () -> locator.ifAvailable(l -> l.getRouteDefinitions()
			.collectList()
			.subscribe(RouteShadowingCheck::logWarnings, ex -> {
			}));
	}
}

package io.llmgateway.gateway.core;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Defaults the starter needs from Spring Cloud Gateway, added with the lowest precedence so an application can still
 * override them. Google's auth library (for Vertex AI) brings {@code grpc-api} but not {@code grpc-netty}, which makes
 * the gateway's {@code JsonToGrpc} filter fail at start-up; the LLM gateway does not need it, so it is off.
 */
public class LlmGatewayDefaults implements EnvironmentPostProcessor {

	static final String SOURCE = "llmGatewayDefaults";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (environment.getPropertySources().contains(SOURCE)) {
			return;
		}
		environment.getPropertySources()
			.addLast(new MapPropertySource(SOURCE,
					Map.of("spring.cloud.gateway.server.webflux.filter.json-to-grpc.enabled", "false")));
	}
}

package io.llmgateway.gateway.support;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;

/**
 * A whole gateway for tests that start it with {@code SpringApplicationBuilder} and their own properties: every
 * auto-configuration, and Spring Security (on the test classpath) letting the LLM routes through (no CSRF for an
 * API). Identity is left to the {@code llm.keys.*} properties of the test.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class OpenGatewayApp {

	/**
	 * Event loops of this application only. With Boot's default (Reactor Netty's global resources), closing this
	 * application disposes the loops that the test framework's cached gateways still use, and the test classes that
	 * run next against those gateways fail with "Could not connect to the provider".
	 */
	@Bean
	ReactorResourceFactory privateReactorResources() {
		ReactorResourceFactory resources = new ReactorResourceFactory();
		resources.setUseGlobalResources(false);
		return resources;
	}

	@Bean
	SecurityWebFilterChain openChain(ServerHttpSecurity http) {
		return http.csrf(ServerHttpSecurity.CsrfSpec::disable).authorizeExchange(a -> a.anyExchange().permitAll()).build();
	}
}

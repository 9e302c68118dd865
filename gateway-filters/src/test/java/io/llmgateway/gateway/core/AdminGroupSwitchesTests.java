package io.llmgateway.gateway.core;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.reactive.function.server.HandlerStrategies;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code llm.admin.<group>.enabled} is bound by {@link LlmAdminGroups}: a group switched off is not mounted, the
 * others are, and {@code llm.admin.enabled=false} still removes every group.
 */
class AdminGroupSwitchesTests {

	private final ReactiveWebApplicationContextRunner context = new ReactiveWebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LlmCoreAutoConfiguration.class))
		.withUserConfiguration(Groups.class);

	@Test
	void aGroupSwitchedOffIsNotMountedAndTheOthersAre() {
		context.withPropertyValues("llm.admin.cache.enabled=false", "llm.admin.spend.enabled=true").run(c -> {
			LlmAdminHandlerMapping mapping = c.getBean(LlmAdminHandlerMapping.class);
			assertThat(c.getBean(LlmAdminGroups.class).enabled("cache")).isFalse();
			assertThat(mounted(mapping, "/llm/cache/ping")).isFalse();
			assertThat(mounted(mapping, "/llm/key/list")).isTrue();
			assertThat(mounted(mapping, "/llm/spend/logs")).isTrue();
		});
	}

	@Test
	void everyGroupIsMountedWhenNoSwitchIsSet() {
		context.run(c -> {
			LlmAdminHandlerMapping mapping = c.getBean(LlmAdminHandlerMapping.class);
			assertThat(mounted(mapping, "/llm/cache/ping")).isTrue();
			assertThat(mounted(mapping, "/llm/key/list")).isTrue();
			assertThat(mounted(mapping, "/llm/spend/logs")).isTrue();
		});
	}

	@Test
	void theAdminSwitchRemovesEveryGroup() {
		context.withPropertyValues("llm.admin.enabled=false", "llm.admin.keys.enabled=true").run(c -> {
			LlmAdminHandlerMapping mapping = c.getBean(LlmAdminHandlerMapping.class);
			assertThat(mounted(mapping, "/llm/key/list")).isFalse();
			assertThat(mounted(mapping, "/llm/cache/ping")).isFalse();
		});
	}

	@Test
	void aGroupTheGatewayDoesNotKnowIsAlwaysOn() {
		assertThat(LlmAdminGroups.ALL_ON.enabled("reports")).isTrue();
		assertThat(new LlmAdminGroups(null, null, null, new LlmAdminGroups.Group(false), null, null, null)
			.enabled("keys")).isFalse();
	}

	private static boolean mounted(LlmAdminHandlerMapping mapping, String path) {
		ServerRequest request = ServerRequest.create(MockServerWebExchange.from(MockServerHttpRequest.get(path)),
				HandlerStrategies.withDefaults().messageReaders());
		return mapping.getRouterFunction().route(request).blockOptional().isPresent();
	}

	@Configuration(proxyBeanMethods = false)
	static class Groups {

		@Bean
		LlmAdminEndpoints cacheGroup() {
			return group("cache", "/cache/ping");
		}

		@Bean
		LlmAdminEndpoints keysGroup() {
			return group("keys", "/key/list");
		}

		@Bean
		LlmAdminEndpoints spendGroup() {
			return group("spend", "/spend/logs");
		}

		private static LlmAdminEndpoints group(String name, String path) {
			return new LlmAdminEndpoints(name,
					RouterFunctions.route().GET(path, request -> ServerResponse.ok().build()).build());
		}
	}
}

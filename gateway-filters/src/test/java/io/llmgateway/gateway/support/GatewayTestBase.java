package io.llmgateway.gateway.support;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.llmgateway.gateway.core.LlmExchange;
import io.llmgateway.gateway.core.LlmExchangeInitializer;
import io.llmgateway.gateway.support.mock.MockProvider;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A real gateway on a random port with an {@code LlmModel} + {@code LlmTranslate} route and a {@link MockProvider} on
 * loopback. Subclasses share one Spring context. Completed exchanges are captured for assertions.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, classes = GatewayTestBase.TestApp.class,
		properties = { "llm.database.enabled=false",
				TestProperties.SECURITY_OFF,
				"llm.max-body-size=64KB",
				"spring.cloud.gateway.server.webflux.routes[0].id=chat",
				"spring.cloud.gateway.server.webflux.routes[0].uri=http://unused.invalid",
				"spring.cloud.gateway.server.webflux.routes[0].predicates[0]=Path=/v1/chat/completions",
				"spring.cloud.gateway.server.webflux.routes[0].predicates[1]=Method=POST",
				"spring.cloud.gateway.server.webflux.routes[0].filters[0]=LlmModel",
				"spring.cloud.gateway.server.webflux.routes[0].filters[1]=LlmTranslate",
				"spring.cloud.gateway.server.webflux.routes[1].id=models",
				"spring.cloud.gateway.server.webflux.routes[1].uri=http://unused.invalid",
				"spring.cloud.gateway.server.webflux.routes[1].predicates[0]=Path=/v1/models,/v1/models/**",
				"spring.cloud.gateway.server.webflux.routes[1].filters[0]=LlmModels",
				"spring.cloud.gateway.server.webflux.routes[2].id=client-gone",
				"spring.cloud.gateway.server.webflux.routes[2].uri=http://unused.invalid",
				"spring.cloud.gateway.server.webflux.routes[2].predicates[0]=Path=" + ClientGoneOnWriteGatewayFilterFactory.PATH,
				"spring.cloud.gateway.server.webflux.routes[2].filters[0]=LlmModel",
				"spring.cloud.gateway.server.webflux.routes[2].filters[1]=ClientGoneOnWrite",
				"spring.cloud.gateway.server.webflux.routes[2].filters[2]=LlmTranslate" })
public abstract class GatewayTestBase {

	protected static final MockProvider provider = new MockProvider();

	/** Every exchange completed by the gateway, in completion order. */
	protected static final BlockingQueue<LlmExchange> completed = new LinkedBlockingQueue<>();

	@LocalServerPort
	protected int port;

	@DynamicPropertySource
	static void models(DynamicPropertyRegistry registry) {
		// A list binds from one property source only, so every entry lives here, beside the mock's URL.
		registry.add("llm.models[0].name", () -> "gpt-test");
		registry.add("llm.models[0].provider", () -> "openai");
		registry.add("llm.models[0].model", () -> "provider-model-1");
		registry.add("llm.models[0].api-key", () -> "sk-provider-secret");
		registry.add("llm.models[0].api-base", provider::baseUrl);
		registry.add("llm.models[1].name", () -> "slow");
		registry.add("llm.models[1].provider", () -> "openai-compatible");
		registry.add("llm.models[1].model", () -> "provider-model-1");
		registry.add("llm.models[1].timeout", () -> "1s");
		registry.add("llm.models[1].api-base", provider::baseUrl);
		registry.add("llm.models[2].name", () -> "dead");
		registry.add("llm.models[2].provider", () -> "openai-compatible");
		registry.add("llm.models[2].model", () -> "m");
		registry.add("llm.models[2].api-base", () -> "http://127.0.0.1:1/v1");
	}

	@BeforeEach
	void reset() {
		provider.clear();
		completed.clear();
	}


	protected String baseUrl() {
		return "http://127.0.0.1:" + port;
	}

	/** The completed exchange with this request id (completion may trail the response a little). */
	protected static LlmExchange completed(String requestId) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (System.nanoTime() < deadline) {
			LlmExchange llm = completed.poll(100, TimeUnit.MILLISECONDS);
			if (llm != null && requestId.equals(llm.requestId())) {
				return llm;
			}
		}
		throw new AssertionError("no exchange completed with request id " + requestId);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class TestApp {

		@Bean
		ClientGoneOnWriteGatewayFilterFactory clientGoneOnWrite() {
			return new ClientGoneOnWriteGatewayFilterFactory();
		}

		@Bean
		LlmExchangeInitializer captureCompletions() {
			return (llm, exchange) -> llm.onComplete(completed::add);
		}
	}
}

package io.llmgateway.adminui;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A gateway with the console: one chat route ({@code LlmModel}, {@code LlmSpend}, {@code LlmTranslate}) to a mock
 * provider priced at $1000/M input and $2000/M output tokens (a request of 10 + 5 tokens costs $0.02), virtual keys
 * required, an H2 ledger under {@code target/}.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
class ConsoleTestApp {

	static final String MASTER = "sk-console-master-test";

	/** Spring Security is on the test classpath (optional dependency); key-mode tests keep Boot's default chain off. */
	static final String NO_DEFAULT_SECURITY = "spring.autoconfigure.exclude="
			+ "org.springframework.boot.security.autoconfigure.web.reactive.ReactiveWebSecurityAutoConfiguration,"
			+ "org.springframework.boot.security.autoconfigure.actuate.web.reactive.ReactiveManagementWebSecurityAutoConfiguration,"
			+ "org.springframework.boot.security.autoconfigure.ReactiveUserDetailsServiceAutoConfiguration";

	static final String[] GATEWAY = { "llm.keys.master-key=" + MASTER, "llm.keys.enabled=true",
			"llm.database.path=./target/test-db/console-${random.uuid}", "llm.spend.ledger.flush-interval=20ms",
			"llm.spend.spill-dir=./target/test-spill/${random.uuid}",
			"spring.cloud.gateway.server.webflux.routes[0].id=chat",
			"spring.cloud.gateway.server.webflux.routes[0].uri=http://unused.invalid",
			"spring.cloud.gateway.server.webflux.routes[0].predicates[0]=Path=/v1/chat/completions",
			"spring.cloud.gateway.server.webflux.routes[0].predicates[1]=Method=POST",
			"spring.cloud.gateway.server.webflux.routes[0].filters[0]=LlmModel",
			"spring.cloud.gateway.server.webflux.routes[0].filters[1]=LlmSpend",
			"spring.cloud.gateway.server.webflux.routes[0].filters[2]=LlmTranslate" };

	/** Everything a console test's gateway needs: {@link #GATEWAY} and the model on {@code provider}. */
	static void register(DynamicPropertyRegistry registry, MockOpenAi provider) {
		for (String p : GATEWAY) {
			int eq = p.indexOf('=');
			registry.add(p.substring(0, eq), () -> p.substring(eq + 1));
		}
		models(registry, provider);
	}

	static void models(DynamicPropertyRegistry registry, MockOpenAi provider) {
		registry.add("llm.models[0].name", () -> "gpt-test");
		registry.add("llm.models[0].provider", () -> "openai");
		registry.add("llm.models[0].model", () -> "mock-model");
		registry.add("llm.models[0].api-key", () -> MockOpenAi.PROVIDER_KEY);
		registry.add("llm.models[0].api-base", provider::apiBase);
		registry.add("llm.models[0].rpm", () -> "600");
		registry.add("llm.models[0].pricing.input-per-million", () -> "1000");
		registry.add("llm.models[0].pricing.output-per-million", () -> "2000");
	}
}

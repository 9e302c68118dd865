package io.llmgateway.gateway.spend;

import java.nio.file.Path;
import java.time.Duration;

import io.llmgateway.gateway.spend.ledger.SpendLedger;
import io.llmgateway.gateway.support.OpenGatewayApp;
import io.llmgateway.gateway.support.mock.MockProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.ResponseEntity;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Routes written for the shipped configuration name {@code LlmSpend}; switching spend (or only its ledger) off must
 * not stop them from loading. A real gateway per setting, a mock provider on loopback.
 */
class SpendSwitchedOffGatewayTests {

	static final MockProvider provider = new MockProvider();

	@TempDir
	static Path dir;

	static ConfigurableApplicationContext spendOff;

	static ConfigurableApplicationContext ledgerOff;

	/** Both started before and closed after every test: closing a gateway stops the loop the mock provider runs on. */
	@BeforeAll
	static void startGateways() {
		spendOff = start("llm.spend.enabled=false", "llm.database.enabled=false");
		ledgerOff = start("llm.spend.ledger.enabled=false", "llm.database.path=" + dir.resolve("db"),
				"llm.spend.journal.directory=" + dir.resolve("journal"));
	}

	@AfterAll
	static void stopGateways() {
		for (ConfigurableApplicationContext gateway : new ConfigurableApplicationContext[] { spendOff, ledgerOff }) {
			if (gateway != null) {
				gateway.close();
			}
		}
		provider.close();
	}

	@Test
	void aRouteNamingLlmSpendLoadsAndAnswersWithSpendOff() {
		ResponseEntity<String> answer = chat(spendOff);
		assertThat(answer.getStatusCode().value()).as(answer.getBody()).isEqualTo(200);
		assertThat(answer.getBody()).contains("Hello from the mock.");
		// nothing is priced: the filter let the request through untouched
		assertThat(answer.getHeaders().getFirst(LlmSpendGatewayFilterFactory.COST_HEADER)).isNull();
		assertThat(spendOff.getBeanNamesForType(SpendRecorder.class)).isEmpty();
	}

	@Test
	void aRouteNamingLlmSpendLoadsAndIsPricedWithTheLedgerOff() {
		ResponseEntity<String> answer = chat(ledgerOff);
		assertThat(answer.getStatusCode().value()).as(answer.getBody()).isEqualTo(200);
		// 9 x $1000/M + 4 x $2000/M
		assertThat(answer.getHeaders().getFirst(LlmSpendGatewayFilterFactory.COST_HEADER)).isEqualTo("0.017");
		assertThat(ledgerOff.getBeanNamesForType(SpendLedger.class)).isEmpty();
	}

	private static ConfigurableApplicationContext start(String... settings) {
		return new SpringApplicationBuilder(OpenGatewayApp.class).properties("server.port=0", "llm.auth.enabled=false",
				"llm.keys.enabled=false", "llm.observe.enabled=false",
				"llm.models[0].name=gpt-test", "llm.models[0].provider=openai",
				"llm.models[0].model=provider-model-1", "llm.models[0].api-key=sk-provider-secret",
				"llm.models[0].api-base=" + provider.baseUrl(),
				"llm.models[0].pricing.input-per-million=1000", "llm.models[0].pricing.output-per-million=2000",
				"spring.cloud.gateway.server.webflux.routes[0].id=chat",
				"spring.cloud.gateway.server.webflux.routes[0].uri=http://unused.invalid",
				"spring.cloud.gateway.server.webflux.routes[0].predicates[0]=Path=/v1/chat/completions",
				"spring.cloud.gateway.server.webflux.routes[0].filters[0]=LlmModel",
				"spring.cloud.gateway.server.webflux.routes[0].filters[1]=LlmSpend",
				"spring.cloud.gateway.server.webflux.routes[0].filters[2]=LlmTranslate")
			.properties(settings)
			.run();
	}

	private static ResponseEntity<String> chat(ConfigurableApplicationContext gateway) {
		int port = ((WebServerApplicationContext) gateway).getWebServer().getPort();
		return WebClient.create("http://127.0.0.1:" + port)
			.post()
			.uri("/v1/chat/completions")
			.header("content-type", "application/json")
			.bodyValue("{\"model\":\"gpt-test\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
			.exchangeToMono(r -> r.toEntity(String.class))
			.block(Duration.ofSeconds(30));
	}
}

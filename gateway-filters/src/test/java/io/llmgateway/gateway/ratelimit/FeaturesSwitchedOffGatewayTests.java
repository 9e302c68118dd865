package io.llmgateway.gateway.ratelimit;

import java.time.Duration;

import io.llmgateway.gateway.support.mock.MockProvider;
import io.llmgateway.gateway.support.mock.Replies;
import io.llmgateway.gateway.support.OpenGatewayApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code llm.rate-limit.enabled=false} and {@code llm.cache.enabled=false} switch the features off, not the routes
 * that name them: the real gateway with a route {@code LlmModel → LlmCache → LlmTokenRateLimit(rpm 1) →
 * LlmTranslate} starts, and answers every request from the provider, unlimited and uncached.
 */
class FeaturesSwitchedOffGatewayTests {

	private static MockProvider provider;

	private static ConfigurableApplicationContext gateway;

	@BeforeAll
	static void start() {
		provider = new MockProvider().behave(Replies.json(200, "{\"id\":\"c\",\"object\":\"chat.completion\",\"created\":1,"
				+ "\"model\":\"m\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"ok\"},"
				+ "\"finish_reason\":\"stop\"}],"
				+ "\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":5,\"total_tokens\":15}}"));
		String route = "spring.cloud.gateway.server.webflux.routes[0].";
		gateway = new SpringApplicationBuilder(OpenGatewayApp.class).properties("server.port=0",
				"llm.database.enabled=false", "llm.auth.enabled=false", "llm.spend.enabled=false",
				"llm.observe.enabled=false", "llm.rate-limit.enabled=false", "llm.cache.enabled=false",
				"llm.models[0].name=m", "llm.models[0].provider=openai-compatible", "llm.models[0].model=m",
				"llm.models[0].api-key=test", "llm.models[0].api-base=http://127.0.0.1:" + provider.port() + "/v1",
				route + "id=chat", route + "uri=http://unused.invalid",
				route + "predicates[0]=Path=/v1/chat/completions", route + "filters[0]=LlmModel",
				route + "filters[1]=LlmCache", route + "filters[2].name=LlmTokenRateLimit",
				route + "filters[2].args.by=key", route + "filters[2].args.rpm=1", route + "filters[3]=LlmTranslate")
			.run();
	}

	@AfterAll
	static void stop() {
		if (gateway != null) {
			gateway.close();
		}
		if (provider != null) {
			provider.close();
		}
	}

	@Test
	void theRouteNamingTheSwitchedOffFiltersLoadsAndAnswersEveryRequest() {
		int port = ((WebServerApplicationContext) gateway).getWebServer().getPort();
		WebClient client = WebClient.create("http://127.0.0.1:" + port);
		for (int i = 0; i < 3; i++) {
			ResponseEntity<String> answer = client.post()
				.uri("/v1/chat/completions")
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue("{\"model\":\"m\",\"temperature\":0,\"messages\":[{\"role\":\"user\",\"content\":\"Say ok\"}]}")
				.exchangeToMono(r -> r.toEntity(String.class))
				.block(Duration.ofSeconds(30));
			assertThat(answer.getStatusCode().value()).as("request %d (rpm 1 would refuse the second)", i)
				.isEqualTo(200);
			assertThat(answer.getBody()).contains("\"content\":\"ok\"");
			assertThat(answer.getHeaders().getFirst("x-cache")).isNull();
			assertThat(answer.getHeaders().getFirst("x-ratelimit-limit-requests")).isNull();
		}
	}
}

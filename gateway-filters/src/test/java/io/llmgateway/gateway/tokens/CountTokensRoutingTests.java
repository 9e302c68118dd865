package io.llmgateway.gateway.tokens;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import io.llmgateway.gateway.routing.CooldownTracker;
import io.llmgateway.gateway.routing.LocalCooldownTracker;
import io.llmgateway.gateway.support.mock.MockProvider;
import io.llmgateway.gateway.support.mock.Replies;
import io.llmgateway.gateway.support.TestProperties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /v1/messages/count_tokens} goes through the router like chat: a failing deployment is retried on the
 * next one of its group, cools down and is then skipped; a group whose deployments all fail falls back; a provider
 * without a count API is still counted locally.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		classes = CountTokensRoutingTests.TestApp.class,
		properties = { "llm.database.enabled=false", "llm.spend.enabled=false", "llm.keys.enabled=false",
				TestProperties.SECURITY_OFF,
				"spring.cloud.gateway.server.webflux.routes[0].id=count-tokens",
				"spring.cloud.gateway.server.webflux.routes[0].uri=http://unused.invalid",
				"spring.cloud.gateway.server.webflux.routes[0].predicates[0]=Path=/v1/messages/count_tokens",
				"spring.cloud.gateway.server.webflux.routes[0].filters[0]=LlmModel",
				"spring.cloud.gateway.server.webflux.routes[0].filters[1]=LlmCountTokens",
				"llm.router.strategy=round-robin", "llm.router.num-retries=2", "llm.router.retry-backoff=10ms",
				"llm.router.allowed-fails=2", "llm.router.cooldown=30s", "llm.router.fallbacks.down[0]=backup" })
class CountTokensRoutingTests {

	record Upstream(String group, String id, MockProvider mock) {
	}

	static final MockProvider a = new MockProvider();

	static final MockProvider b = new MockProvider();

	static final MockProvider down = new MockProvider();

	static final MockProvider backup = new MockProvider();

	static final MockProvider noCountApi = new MockProvider();

	static final List<Upstream> upstreams = List.of(new Upstream("counted", "a", a), new Upstream("counted", "b", b),
			new Upstream("down", "down", down), new Upstream("backup", "backup", backup),
			new Upstream("no-count-api", "no-count-api", noCountApi));

	static final MockProvider.Behaviour SERVER_ERROR = Replies.json(500,
			"{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"boom\"}}");

	@LocalServerPort
	int port;

	@Autowired
	CooldownTracker cooldowns;

	@DynamicPropertySource
	static void models(DynamicPropertyRegistry registry) {
		for (int i = 0; i < upstreams.size(); i++) {
			String p = "llm.models[" + i + "].";
			Upstream u = upstreams.get(i);
			registry.add(p + "name", u::group);
			registry.add(p + "id", u::id);
			registry.add(p + "provider", () -> "anthropic");
			registry.add(p + "model", () -> "claude-" + u.id());
			registry.add(p + "api-key", () -> "sk-" + u.id());
			registry.add(p + "api-base", () -> u.mock().baseUrl().replace("/v1", ""));
			registry.add(p + "timeout", () -> "2s");
		}
	}

	@BeforeEach
	void reset() {
		a.behave(Replies.json(200, "{\"input_tokens\":11}"));
		b.behave(Replies.json(200, "{\"input_tokens\":22}"));
		down.behave(SERVER_ERROR);
		backup.behave(Replies.json(200, "{\"input_tokens\":33}"));
		noCountApi.behave(Replies.json(404, "{\"type\":\"error\",\"error\":{\"type\":\"not_found_error\"}}"));
		upstreams.forEach(u -> u.mock().clear());
		((LocalCooldownTracker) cooldowns).reset();
	}

	@AfterAll
	static void close() {
		upstreams.forEach(u -> u.mock().close());
	}

	HttpResponse<String> count(String model) throws Exception {
		String body = "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"How many?\"}]}";
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/messages/count_tokens"))
				.timeout(Duration.ofSeconds(20))
				.header("content-type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(body))
				.build(), HttpResponse.BodyHandlers.ofString());
	}

	/** Requests the mock received since the last count (waits briefly for stragglers). */
	static int received(MockProvider m) throws InterruptedException {
		int n = 0;
		while (m.poll(Duration.ofMillis(300)) != null) {
			n++;
		}
		return n;
	}

	@Test
	void aFailingDeploymentIsRetriedOnTheNextOneThenCoolsDownAndIsSkipped() throws Exception {
		a.behave(SERVER_ERROR);
		for (int i = 0; i < 4; i++) {
			HttpResponse<String> response = count("counted");
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.body()).isEqualTo("{\"input_tokens\":22}");
			assertThat(response.headers().firstValue("x-llm-deployment")).hasValue("b");
			assertThat(response.headers().firstValue(LlmCountTokensGatewayFilterFactory.COUNT_HEADER))
				.hasValue("provider");
		}
		// allowed-fails=2: two failures took a out of rotation
		assertThat(received(a)).isEqualTo(2);
		assertThat(cooldowns.isCooling("a")).isTrue();
		b.clear();
		for (int i = 0; i < 4; i++) {
			assertThat(count("counted").headers().firstValue("x-llm-deployment")).hasValue("b");
		}
		assertThat(received(a)).isZero();
		assertThat(received(b)).isEqualTo(4);
	}

	@Test
	void aGroupWhoseDeploymentFailsFallsBackToTheNextGroup() throws Exception {
		HttpResponse<String> response = count("down");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("{\"input_tokens\":33}");
		assertThat(response.headers().firstValue("x-llm-deployment")).hasValue("backup");
		assertThat(received(down)).isEqualTo(3);
	}

	@Test
	void aProviderWithoutACountApiIsCountedLocallyAndNotCooledDown() throws Exception {
		HttpResponse<String> response = count("no-count-api");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).matches("\\{\"input_tokens\":[1-9][0-9]*}");
		assertThat(response.headers().firstValue(LlmCountTokensGatewayFilterFactory.COUNT_HEADER))
			.hasValue("estimate");
		assertThat(received(noCountApi)).isEqualTo(1);
		assertThat(cooldowns.isCooling("no-count-api")).isFalse();
	}

	@Test
	void whenEveryAttemptFailsTheClientGetsTheProvidersErrorInItsProtocol() throws Exception {
		backup.behave(SERVER_ERROR);
		HttpResponse<String> response = count("down");
		assertThat(response.statusCode()).isGreaterThanOrEqualTo(500);
		assertThat(response.body()).contains("\"type\":\"error\"");
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class TestApp {
	}
}

package io.llmgateway.gateway.routing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.llmgateway.gateway.core.ProviderRegistry;
import io.llmgateway.gateway.model.ModelRegistry;
import io.llmgateway.gateway.support.TestProperties;
import io.llmgateway.gateway.support.mock.MockProvider;
import io.llmgateway.gateway.support.mock.OpenAiReplies;
import io.llmgateway.gateway.support.mock.Replies;
import io.llmgateway.gateway.translate.UpstreamClient;
import io.micrometer.core.instrument.MeterRegistry;
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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The router against scripted providers on loopback: retries on another deployment, Retry-After, fallbacks through
 * the official SDK, no retry once the stream started, cooldowns entered and left, context-window fallbacks.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, classes = RouterIntegrationTests.TestApp.class,
		properties = { "llm.database.enabled=false", "llm.spend.enabled=false", "llm.keys.enabled=false",
				TestProperties.SECURITY_OFF,
				"spring.cloud.gateway.server.webflux.routes[0].id=chat",
				"spring.cloud.gateway.server.webflux.routes[0].uri=http://unused.invalid",
				"spring.cloud.gateway.server.webflux.routes[0].predicates[0]=Path=/v1/chat/completions",
				"spring.cloud.gateway.server.webflux.routes[0].filters[0]=LlmModel",
				"spring.cloud.gateway.server.webflux.routes[0].filters[1]=LlmTranslate",
				"llm.router.strategy=round-robin", "llm.router.num-retries=2", "llm.router.retry-backoff=10ms",
				"llm.router.allowed-fails=2", "llm.router.cooldown=5s",
				"llm.router.fallbacks.primary[0]=backup", "llm.router.context-window-fallbacks.small[0]=large" })
class RouterIntegrationTests {

	record Upstream(String group, String id, MockProvider mock) {
	}

	static final MockProvider a = new MockProvider();

	static final MockProvider b = new MockProvider();

	static final MockProvider backup = new MockProvider();

	static final MockProvider small = new MockProvider();

	static final MockProvider large = new MockProvider();

	static final List<Upstream> upstreams = List.of(new Upstream("primary", "a", a), new Upstream("primary", "b", b),
			new Upstream("backup", "backup", backup), new Upstream("small", "small", small),
			new Upstream("large", "large", large));

	@LocalServerPort
	int port;

	@Autowired
	CooldownTracker cooldowns;

	@Autowired
	MeterRegistry meters;

	@DynamicPropertySource
	static void models(DynamicPropertyRegistry registry) {
		for (int i = 0; i < upstreams.size(); i++) {
			String p = "llm.models[" + i + "].";
			Upstream u = upstreams.get(i);
			registry.add(p + "name", u::group);
			registry.add(p + "id", u::id);
			registry.add(p + "provider", () -> "openai");
			registry.add(p + "model", () -> "m-" + u.id());
			registry.add(p + "api-key", () -> "sk-" + u.id());
			registry.add(p + "api-base", u.mock()::baseUrl);
			registry.add(p + "timeout", () -> "2s");
		}
		registry.add("llm.models[3].max-input-tokens", () -> "20");
	}

	@BeforeEach
	void reset() {
		for (Upstream u : upstreams) {
			u.mock().clear();
			u.mock().behave(Replies.json(200, OpenAiReplies.completion("from " + u.id())));
		}
		((LocalCooldownTracker) cooldowns).reset();
	}

	@AfterAll
	static void close() {
		upstreams.forEach(u -> u.mock().close());
	}

	OpenAIClient client() {
		return OpenAIOkHttpClient.builder()
			.baseUrl("http://127.0.0.1:" + port + "/v1")
			.apiKey("sk-client")
			.maxRetries(0)
			.timeout(Duration.ofSeconds(20))
			.build();
	}

	HttpResponse<String> post(String model, String content, boolean stream) throws Exception {
		String body = "{\"model\":\"" + model + "\",\"stream\":" + stream + ",\"messages\":[{\"role\":\"user\",\"content\":\""
				+ content + "\"}]}";
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
				.timeout(Duration.ofSeconds(20))
				.header("content-type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(body))
				.build(), HttpResponse.BodyHandlers.ofString());
	}

	/** Requests the mock received since the last count (waits briefly for stragglers). */
	static int count(MockProvider m) throws InterruptedException {
		int n = 0;
		while (m.poll(Duration.ofMillis(300)) != null) {
			n++;
		}
		return n;
	}

	static MockProvider.Behaviour failFirst(int failures, MockProvider.Behaviour failure, MockProvider.Behaviour then) {
		AtomicInteger n = new AtomicInteger();
		return (req, res) -> n.getAndIncrement() < failures ? failure.respond(req, res) : then.respond(req, res);
	}

	@Test
	void aServerErrorIsRetriedOnAnotherDeploymentOfTheGroup() throws Exception {
		a.behave(Replies.json(500, "{\"error\":{\"message\":\"boom\",\"type\":\"server_error\"}}"));
		for (int i = 0; i < 2; i++) {
			HttpResponse<String> response = post("primary", "hi", false);
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.headers().firstValue("x-llm-deployment")).hasValue("b");
			assertThat(response.body()).contains("from b");
			assertThat(response.headers().firstValue("x-llm-fallback")).hasValue("false");
			// round robin starts on a every other request: then the retry moved to b
			int failed = count(a);
			assertThat(failed).isLessThanOrEqualTo(1);
			assertThat(response.headers().firstValue("x-llm-attempts")).hasValue(Integer.toString(failed + 1));
			assertThat(count(b)).isEqualTo(1);
		}
	}

	@Test
	void retryAfterIsHonouredBeforeTheRetry() throws Exception {
		// both deployments rate-limited once with Retry-After: 1, then fine
		MockProvider.Behaviour limited = Replies.jsonWithHeader(429,
				"{\"error\":{\"message\":\"slow down\",\"type\":\"rate_limit_exceeded\"}}", "retry-after", "1");
		a.behave(failFirst(1, limited, Replies.json(200, OpenAiReplies.completion("from a"))));
		b.behave(failFirst(1, limited, Replies.json(200, OpenAiReplies.completion("from b"))));
		long start = System.nanoTime();
		ChatCompletion completion = client().chat()
			.completions()
			.create(ChatCompletionCreateParams.builder().model("primary").addUserMessage("hi").build());
		long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
		assertThat(completion.choices().get(0).message().content()).hasValueSatisfying(c -> assertThat(c).startsWith("from "));
		// the gateway waited for the provider's Retry-After (a lower bound only)
		assertThat(elapsedMillis).isGreaterThanOrEqualTo(900);
	}

	@Test
	void exhaustedRetriesFallBackToAnotherGroupThroughTheSdk() throws Exception {
		a.behave(Replies.json(503, "{\"error\":{\"message\":\"down\",\"type\":\"server_error\"}}"));
		b.behave(Replies.json(503, "{\"error\":{\"message\":\"down\",\"type\":\"server_error\"}}"));
		var raw = client().chat()
			.completions()
			.withRawResponse()
			.create(ChatCompletionCreateParams.builder().model("primary").addUserMessage("hi").build());
		assertThat(raw.headers().values("x-llm-fallback")).containsExactly("true");
		assertThat(raw.headers().values("x-llm-deployment")).containsExactly("backup");
		assertThat(raw.parse().choices().get(0).message().content()).hasValue("from backup");
		// one attempt plus two retries in the primary group, then one in the fallback
		assertThat(count(a) + count(b)).isEqualTo(3);
		assertThat(count(backup)).isEqualTo(1);
	}

	@Test
	void aStreamThatStartedIsNeverRetried() throws Exception {
		List<String> payloads = OpenAiReplies.streamPayloads("Hel", "lo");
		a.behave(Replies.cutStream(payloads.subList(0, 2)));
		b.behave(Replies.cutStream(payloads.subList(0, 2)));
		OpenAIClient client = client();
		StringBuilder text = new StringBuilder();
		assertThatThrownBy(() -> {
			try (StreamResponse<ChatCompletionChunk> stream = client.chat()
				.completions()
				.createStreaming(ChatCompletionCreateParams.builder().model("primary").addUserMessage("hi").build())) {
				stream.stream().forEach(chunk -> chunk.choices().forEach(c -> c.delta().content().ifPresent(text::append)));
			}
		}).isInstanceOf(Exception.class);
		assertThat(text.toString()).isEqualTo("Hel");
		assertThat(count(a) + count(b)).isEqualTo(1);
		assertThat(count(backup)).isZero();
	}

	@Test
	void aFailingDeploymentCoolsDownAndComesBack() throws Exception {
		a.behave(Replies.json(500, "{\"error\":{\"message\":\"boom\"}}"));
		// two failures of a (allowed-fails=2) put it out of rotation; each request is then served by b
		for (int i = 0; i < 4; i++) {
			assertThat(post("primary", "hi", false).statusCode()).isEqualTo(200);
		}
		assertThat(cooldowns.isCooling("a")).isTrue();
		assertThat(meters.get("llm.deployment.cooldown").tag("deployment", "a").gauge().value()).isEqualTo(1.0);
		assertThat(meters.get("llm.deployment.cooldown").tag("deployment", "b").gauge().value()).isEqualTo(0.0);
		int aBefore = count(a);
		b.clear();
		for (int i = 0; i < 4; i++) {
			HttpResponse<String> r = post("primary", "hi", false);
			assertThat(r.headers().firstValue("x-llm-deployment")).hasValue("b");
		}
		assertThat(count(a)).isZero();
		assertThat(aBefore).isEqualTo(2);
		a.behave(Replies.json(200, OpenAiReplies.completion("from a")));
		Thread.sleep(cooldowns.remainingMillis("a") + 100);
		assertThat(cooldowns.isCooling("a")).isFalse();
		boolean aServed = false;
		for (int i = 0; i < 4 && !aServed; i++) {
			aServed = post("primary", "hi", false).headers().firstValue("x-llm-deployment").orElse("").equals("a");
		}
		assertThat(aServed).isTrue();
	}

	@Test
	void whenEveryDeploymentIsCoolingTheClientIsToldWhenToRetry() throws Exception {
		MockProvider.Behaviour limited = Replies.jsonWithHeader(429,
				"{\"error\":{\"message\":\"slow down\",\"type\":\"rate_limit_exceeded\"}}", "retry-after", "30");
		a.behave(limited);
		b.behave(limited);
		backup.behave(Replies.json(400, "{\"error\":{\"message\":\"bad\",\"type\":\"invalid_request_error\"}}"));
		post("primary", "hi", false);
		assertThat(cooldowns.isCooling("a")).isTrue();
		assertThat(cooldowns.isCooling("b")).isTrue();
		a.clear();
		b.clear();
		HttpResponse<String> response = post("primary", "hi", false);
		assertThat(count(a) + count(b)).isZero();
		// primary is cooling: the fallback answered 400, which is what the client sees
		assertThat(response.statusCode()).isEqualTo(400);
		backup.behave(Replies.json(200, OpenAiReplies.completion("from backup")));
		assertThat(post("primary", "hi", false).statusCode()).isEqualTo(200);
	}

	@Test
	void aTooLongPromptSkipsTheSmallModelBeforeTheCall() throws Exception {
		String longPrompt = "word ".repeat(200);
		HttpResponse<String> response = post("small", longPrompt, false);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("from large");
		assertThat(response.headers().firstValue("x-llm-fallback")).hasValue("true");
		assertThat(count(small)).isZero();
	}

	@Test
	void aContextLengthErrorFallsBackReactively() throws Exception {
		small.behave(Replies.json(400,
				"{\"error\":{\"message\":\"too long\",\"type\":\"invalid_request_error\",\"code\":\"context_length_exceeded\"}}"));
		HttpResponse<String> response = post("small", "short", false);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("from large");
		assertThat(count(small)).isEqualTo(1);
	}

	@Test
	void aBadRequestIsNeitherRetriedNorFallenBack() throws Exception {
		a.behave(Replies.json(400, "{\"error\":{\"message\":\"bad\",\"type\":\"invalid_request_error\"}}"));
		b.behave(Replies.json(400, "{\"error\":{\"message\":\"bad\",\"type\":\"invalid_request_error\"}}"));
		HttpResponse<String> response = post("primary", "hi", false);
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(count(a) + count(b)).isEqualTo(1);
		assertThat(count(backup)).isZero();
	}

	@Test
	void aSilentDeploymentTimesOutAndTheRetryGoesElsewhere() throws Exception {
		a.behave(Replies.hang());
		for (int i = 0; i < 2; i++) {
			HttpResponse<String> response = post("primary", "hi", false);
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.headers().firstValue("x-llm-deployment")).hasValue("b");
			int silent = count(a);
			assertThat(response.headers().firstValue("x-llm-attempts")).hasValue(Integer.toString(silent + 1));
		}
	}

	@Test
	void backgroundHealthChecksMarkDeploymentsAndFeedCooldowns(@Autowired ModelRegistry models,
			@Autowired ProviderRegistry providers, @Autowired UpstreamClient client) throws Exception {
		DeploymentStats stats = new DeploymentStats();
		LocalCooldownTracker tracker = new LocalCooldownTracker(1, Duration.ofMinutes(1), Duration.ofSeconds(30));
		HealthChecker checker = new HealthChecker(new RouterProperties.Health(true, null, Duration.ofSeconds(2)), models,
				providers, client, tracker, stats);
		b.behave(Replies.json(500, "{\"error\":{\"message\":\"down\"}}"));
		checker.checkAll().block(Duration.ofSeconds(20));
		assertThat(stats.health("a").ok()).isTrue();
		assertThat(stats.health("b").ok()).isFalse();
		assertThat(tracker.isCooling("b")).isTrue();
		assertThat(tracker.isCooling("a")).isFalse();
		MockProvider.Received ping = a.take();
		assertThat(ping.body()).contains("\"content\":\"ping\"").contains("\"m-a\"").contains("_tokens\":1");
		Map<String, Object> report = HealthEndpoints.report(models, tracker, stats);
		assertThat(report.get("unhealthy_count")).isEqualTo(1);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class TestApp {
	}
}

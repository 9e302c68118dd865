package io.llmgateway.gateway.observe;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.llmgateway.gateway.support.TestProperties;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The official OpenAI SDK against the real gateway (random port), a mock provider and a deliberately slow webhook
 * receiver on loopback: the Prometheus scrape carries the expected meters and values, the overhead is positive and
 * below the total, callbacks add no latency, and log output holds no keys and no prompt text.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		classes = ObserveEndToEndTests.TestApp.class,
		properties = { "llm.database.enabled=false",
				// the test gateway has no security chain of its own: Spring Security (optional dependency) stays off
				TestProperties.SECURITY_OFF,
				"management.endpoints.web.exposure.include=health,prometheus",
				"spring.cloud.gateway.server.webflux.routes[0].id=obs-chat",
				"spring.cloud.gateway.server.webflux.routes[0].uri=http://unused.invalid",
				"spring.cloud.gateway.server.webflux.routes[0].predicates[0]=Path=/v1/chat/completions",
				"spring.cloud.gateway.server.webflux.routes[0].predicates[1]=Method=POST",
				"spring.cloud.gateway.server.webflux.routes[0].filters[0]=LlmModel",
				"spring.cloud.gateway.server.webflux.routes[0].filters[1]=LlmSpend",
				"spring.cloud.gateway.server.webflux.routes[0].filters[2]=LlmTranslate",
				"llm.observe.callback-timeout=20s" })
class ObserveEndToEndTests {

	static final String PROVIDER_KEY = "sk-provider-key-never-logged-123456";

	static final String CLIENT_KEY = "sk-client-virtual-key-never-logged-654321";

	static final String PROMPT = "Tell me a secret about purple giraffes";

	static final int PROMPT_TOKENS = 17;

	static final int COMPLETION_TOKENS = 9;

	/** 17 input tokens at 2 USD and 9 output tokens at 10 USD per million. */
	static final double COST_PER_REQUEST = (PROMPT_TOKENS * 2.0 + COMPLETION_TOKENS * 10.0) / 1_000_000;

	/** How long the webhook receiver sleeps before answering. */
	static final Duration WEBHOOK_DELAY = Duration.ofSeconds(5);

	/** One webhook delivery: when it arrived and when the receiver answered it (System.nanoTime). */
	record Delivery(long receivedAt, long answeredAt) {
	}

	static final List<Delivery> deliveries = new CopyOnWriteArrayList<>();

	static final List<String> webhookBodies = new CopyOnWriteArrayList<>();

	static final DisposableServer provider = HttpServer.create().host("127.0.0.1").port(0)
		.handle((req, res) -> req.receive().aggregate().asString().defaultIfEmpty("").flatMapMany(body -> {
			boolean stream = body.contains("\"stream\":true");
			// a little provider time so that the gateway's overhead is clearly a part of the total
			if (!stream) {
				return Mono.delay(Duration.ofMillis(40))
					.then(res.status(200).header("content-type", "application/json").sendString(Mono.just(completion()))
						.then());
			}
			return res.status(200).header("content-type", "text/event-stream")
				.sendString(Flux.fromIterable(chunks()).delayElements(Duration.ofMillis(10)).map(c -> "data: " + c + "\n\n"));
		}))
		.bindNow();

	static final DisposableServer webhook = HttpServer.create().host("127.0.0.1").port(0)
		.handle((req, res) -> {
			long receivedAt = System.nanoTime();
			return req.receive().aggregate().asString().doOnNext(webhookBodies::add)
				.then(Mono.delay(WEBHOOK_DELAY))
				.then(res.status(200).send())
				.doFinally(s -> deliveries.add(new Delivery(receivedAt, System.nanoTime())));
		})
		.bindNow();

	@DynamicPropertySource
	static void urls(DynamicPropertyRegistry registry) {
		// an indexed list binds from one property source only: every element property goes here
		registry.add("llm.models[0].name", () -> "obs-model");
		registry.add("llm.models[0].provider", () -> "openai");
		registry.add("llm.models[0].id", () -> "obs-model-primary");
		registry.add("llm.models[0].model", () -> "mock-model-1");
		registry.add("llm.models[0].api-key", () -> PROVIDER_KEY);
		registry.add("llm.models[0].pricing.input-per-million", () -> "2.00");
		registry.add("llm.models[0].pricing.output-per-million", () -> "10.00");
		registry.add("llm.observe.callbacks[0].format", () -> "generic");
		registry.add("llm.models[0].api-base", () -> "http://127.0.0.1:" + provider.port() + "/v1");
		registry.add("llm.observe.callbacks[0].url", () -> "http://127.0.0.1:" + webhook.port() + "/hook");
	}

	@AfterAll
	static void stopServers() {
		provider.disposeNow();
		webhook.disposeNow();
	}

	@LocalServerPort
	int port;

	OpenAIClient client;

	@BeforeEach
	void client() {
		client = OpenAIOkHttpClient.builder().baseUrl("http://127.0.0.1:" + port + "/v1").apiKey(CLIENT_KEY)
			.maxRetries(0).timeout(Duration.ofSeconds(30)).build();
	}

	private static ChatCompletionCreateParams params() {
		return ChatCompletionCreateParams.builder().model("obs-model").addUserMessage(PROMPT).build();
	}

	@Test
	void scrapeHasTheMetersWithTheMocksUsageAndCallbacksAddNoLatency(CapturedOutput output) throws Exception {
		// warm-up: the SDK's first call loads and initialises a lot on the client side
		assertThat(client.chat().completions().create(params()).usage().get().promptTokens()).isEqualTo(PROMPT_TOKENS);
		long start = System.nanoTime();
		for (int i = 0; i < 2; i++) {
			ChatCompletion completion = client.chat().completions().create(params());
			assertThat(completion.usage().get().promptTokens()).isEqualTo(PROMPT_TOKENS);
		}
		try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params())) {
			assertThat(stream.stream().count()).isPositive();
		}
		long allDone = System.nanoTime();

		// callbacks: the receiver sleeps 5 s before answering each delivery. Had a callback held its request, no
		// request could finish before its own callback was answered; instead all three measured requests finished
		// seconds before the first of their callbacks was answered.
		await().atMost(Duration.ofSeconds(30))
			.until(() -> deliveries.stream().filter(d -> d.receivedAt() >= start).count() >= 3);
		long firstAnswer = deliveries.stream().filter(d -> d.receivedAt() >= start).mapToLong(Delivery::answeredAt)
			.min().orElseThrow();
		assertThat(firstAnswer - allDone).as("request completion to first webhook answer, ns")
			.isGreaterThan(Duration.ofSeconds(2).toNanos());
		assertThat(webhookBodies.get(0)).contains("\"event\":\"success\"").contains("\"alias\":\"obs-model\"")
			.doesNotContain(PROMPT).doesNotContain(CLIENT_KEY).doesNotContain(PROVIDER_KEY);

		String scrape = scrape();
		String labels = "gen_ai_request_model=\"obs-model\"";
		assertThat(sum(scrape, "llm_requests_total", labels, "outcome=\"success\"")).isEqualTo(4.0);
		assertThat(sum(scrape, "gen_ai_client_token_usage_sum", labels, "gen_ai_token_type=\"input\""))
			.isEqualTo(4.0 * PROMPT_TOKENS);
		assertThat(sum(scrape, "gen_ai_client_token_usage_sum", labels, "gen_ai_token_type=\"output\""))
			.isEqualTo(4.0 * COMPLETION_TOKENS);
		assertThat(sum(scrape, "gen_ai_client_token_usage_count", labels, "gen_ai_token_type=\"input\""))
			.isEqualTo(4.0);
		assertThat(sum(scrape, "gen_ai_client_operation_duration_seconds_count", labels, "status=\"2xx\""))
			.isEqualTo(4.0);
		assertThat(sum(scrape, "gen_ai_server_time_to_first_token_seconds_count", labels, "deployment=\"obs-model-primary\""))
			.isEqualTo(1.0);
		assertThat(sum(scrape, "llm_upstream_attempts_seconds_count", labels, "status=\"2xx\"")).isEqualTo(4.0);
		assertThat(sum(scrape, "llm_cost_usd_total", labels, "deployment=\"obs-model-primary\""))
			.isCloseTo(4 * COST_PER_REQUEST, org.assertj.core.data.Offset.offset(1e-12));
		assertThat(scrape).contains("gen_ai_system=\"openai\"").contains("route=\"obs-chat\"");

		double total = sum(scrape, "gen_ai_client_operation_duration_seconds_sum", labels, "");
		double overhead = sum(scrape, "llm_gateway_overhead_seconds_sum", labels, "");
		assertThat(overhead).isPositive().isLessThan(total);

		// logs: one access line per request, no keys, no prompt
		String logs = output.getAll();
		assertThat(logs.lines().filter(l -> l.contains("\"alias\":\"obs-model\"")).count()).isEqualTo(4);
		assertThat(logs).doesNotContain(CLIENT_KEY).doesNotContain(PROVIDER_KEY).doesNotContain(PROMPT);
	}

	private String scrape() throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus")).build(),
					HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
		assertThat(response.statusCode()).isEqualTo(200);
		return response.body();
	}

	/** Sums the values of the series of {@code name} whose labels contain every given fragment. */
	static double sum(String scrape, String name, String... labelFragments) {
		Pattern line = Pattern.compile("^" + Pattern.quote(name) + "\\{([^}]*)\\} (\\S+)$", Pattern.MULTILINE);
		Matcher m = line.matcher(scrape);
		double sum = 0;
		while (m.find()) {
			String labels = m.group(1);
			boolean all = true;
			for (String fragment : labelFragments) {
				all &= labels.contains(fragment);
			}
			if (all) {
				sum += Double.parseDouble(m.group(2));
			}
		}
		return sum;
	}

	static String completion() {
		return """
				{"id":"chatcmpl-obs1","object":"chat.completion","created":1760000000,"model":"mock-model-1",\
				"choices":[{"index":0,"message":{"role":"assistant","content":"Giraffes hum.","refusal":null},\
				"logprobs":null,"finish_reason":"stop"}],\
				"usage":{"prompt_tokens":%d,"completion_tokens":%d,"total_tokens":%d}}"""
			.formatted(PROMPT_TOKENS, COMPLETION_TOKENS, PROMPT_TOKENS + COMPLETION_TOKENS);
	}

	static List<String> chunks() {
		String head = "{\"id\":\"chatcmpl-obs2\",\"object\":\"chat.completion.chunk\",\"created\":1760000001,"
				+ "\"model\":\"mock-model-1\",";
		return List.of(
				head + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Giraffes\"},"
						+ "\"finish_reason\":null}]}",
				head + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\" hum.\"},\"finish_reason\":null}]}",
				head + "\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}",
				head + "\"choices\":[],\"usage\":{\"prompt_tokens\":" + PROMPT_TOKENS + ",\"completion_tokens\":"
						+ COMPLETION_TOKENS + ",\"total_tokens\":" + (PROMPT_TOKENS + COMPLETION_TOKENS) + "}}",
				"[DONE]");
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class TestApp {
	}
}

package io.llmgateway.gateway.ratelimit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import io.llmgateway.gateway.support.OpenGatewayApp;
import io.llmgateway.gateway.support.RequiresRedis;
import io.llmgateway.gateway.support.mock.MockProvider;
import io.llmgateway.gateway.support.mock.Replies;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real gateway ({@code LlmModel} → {@code LlmTokenRateLimit} → {@code LlmTranslate}) in front of a fake
 * OpenAI-compatible provider: two instances (two Spring contexts in this JVM) sharing the machine's Redis under a
 * unique key prefix, hammered concurrently; and a streamed answer the client abandons.
 */
@RequiresRedis
class RateLimitGatewayTests {

	private static final String PREFIX = "llm:rl:gw-test:" + UUID.randomUUID() + ":";

	private static MockProvider provider;

	private static final AtomicInteger providerCalls = new AtomicInteger();

	private static final List<ConfigurableApplicationContext> gateways = new ArrayList<>();

	@BeforeAll
	static void start() {
		String chunk = "{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\","
				+ "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"word \"}}]}";
		String completion = "{\"id\":\"c\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"m\","
				+ "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"ok\"},"
				+ "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":5,\"total_tokens\":15}}";
		provider = new MockProvider().answer(request -> {
			providerCalls.incrementAndGet();
			if (request.body().contains("\"stream\":true")) {
				return Replies.sse(Collections.nCopies(200, chunk), Duration.ofMillis(50));
			}
			// hold every answer a moment, so all concurrent requests are admitted or refused before any
			// reconciliation refunds tokens
			return Replies.delayed(Duration.ofMillis(2500), Replies.json(200, completion));
		});
		for (int i = 0; i < 2; i++) {
			gateways.add(new SpringApplicationBuilder(OpenGatewayApp.class).properties(
					"server.port=0",
					// only what this test needs: a faster start
					"llm.database.enabled=false", "llm.auth.enabled=false", "llm.spend.enabled=false",
					"llm.observe.enabled=false",
					"llm.rate-limit.backend=redis",
					"llm.rate-limit.fail-open=false",
					"llm.rate-limit.timeout=30s",
					"llm.rate-limit.key-prefix=" + PREFIX,
					"spring.data.redis.host=127.0.0.1",
					"spring.data.redis.port=6379",
					"llm.models[0].name=m",
					"llm.models[0].provider=openai-compatible",
					"llm.models[0].model=upstream-model",
					"llm.models[0].api-key=test",
					"llm.models[0].api-base=http://127.0.0.1:" + provider.port() + "/v1",
					"spring.cloud.gateway.server.webflux.routes[0].id=chat",
					"spring.cloud.gateway.server.webflux.routes[0].uri=http://unused.invalid",
					"spring.cloud.gateway.server.webflux.routes[0].predicates[0]=Path=/v1/chat/completions",
					"spring.cloud.gateway.server.webflux.routes[0].filters[0]=LlmModel",
					"spring.cloud.gateway.server.webflux.routes[0].filters[1].name=LlmTokenRateLimit",
					"spring.cloud.gateway.server.webflux.routes[0].filters[1].args.by=end-user",
					"spring.cloud.gateway.server.webflux.routes[0].filters[1].args.rpd=10",
					"spring.cloud.gateway.server.webflux.routes[0].filters[1].args.limits[0].by=end-user+model",
					"spring.cloud.gateway.server.webflux.routes[0].filters[1].args.limits[0].tpd=3500",
					"spring.cloud.gateway.server.webflux.routes[0].filters[2]=LlmTranslate")
				.run());
		}
		// connect both instances to Redis before the clock starts
		for (ConfigurableApplicationContext ctx : gateways) {
			ctx.getBean(RateLimitBackend.class)
				.available(List.of(BucketLimit.of("warm-up", "x", BucketLimit.Unit.REQUESTS, 1, Duration.ofMinutes(1))))
				.block(Duration.ofSeconds(30));
		}
	}

	@AfterAll
	static void stop() {
		if (!gateways.isEmpty()) {
			gateways.get(0).getBean(RedissonClient.class).getKeys().deleteByPattern(PREFIX + "*");
		}
		gateways.forEach(ConfigurableApplicationContext::close);
		if (provider != null) {
			provider.close();
		}
	}

	private static WebClient client(int instance) {
		int port = ((WebServerApplicationContext) gateways.get(instance)).getWebServer().getPort();
		return WebClient.create("http://127.0.0.1:" + port);
	}

	private static String body(String user, int maxTokens, boolean stream) {
		return "{\"model\":\"m\",\"user\":\"" + user + "\",\"max_tokens\":" + maxTokens + ",\"stream\":" + stream
				+ ",\"messages\":[{\"role\":\"user\",\"content\":\"Say ok\"}]}";
	}

	private static Mono<ResponseEntity<String>> post(int instance, String body) {
		return client(instance).post()
			.uri("/v1/chat/completions")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchangeToMono(r -> r.toEntity(String.class));
	}

	@Test
	void twoInstancesNeverAdmitMoreThanTheRequestLimit() {
		String user = "rpd-" + UUID.randomUUID();
		List<ResponseEntity<String>> answers = Flux.range(0, 40)
			.flatMap(i -> post(i % 2, body(user, 10, false)), 40)
			.collectList()
			.block(Duration.ofSeconds(60));
		List<ResponseEntity<String>> ok = answers.stream().filter(a -> a.getStatusCode().value() == 200).toList();
		List<ResponseEntity<String>> refused = answers.stream().filter(a -> a.getStatusCode().value() == 429).toList();
		assertThat(ok).hasSize(10);
		assertThat(refused).hasSize(30);
		assertThat(refused.get(0).getBody()).contains("\"rate_limit_exceeded\"").contains("rpd");
		assertThat(refused.get(0).getHeaders().getFirst("Retry-After")).isNotBlank();
		assertThat(ok.get(0).getHeaders().getFirst("x-ratelimit-limit-requests")).isEqualTo("10");
		assertThat(ok.get(0).getHeaders().getFirst("x-ratelimit-remaining-tokens")).isNotBlank();
	}

	@Test
	void twoInstancesNeverAdmitMoreTokensThanTheLimit_andRefundsLetMoreIn() {
		String user = "tpd-" + UUID.randomUUID();
		// each request reserves its prompt estimate + max_tokens 1000; 3 fit in 3,500 tokens a day, not 4
		List<Integer> statuses = Flux.range(0, 12)
			.flatMap(i -> post(i % 2, body(user, 1000, false)).map(r -> r.getStatusCode().value()), 12)
			.collectList()
			.block(Duration.ofSeconds(60));
		assertThat(statuses.stream().filter(s -> s == 200)).as(statuses.toString()).hasSize(3);
		assertThat(statuses.stream().filter(s -> s == 429)).as(statuses.toString()).hasSize(9);
		// the three answers used 15 tokens each: the refunds (about 1,000 each) let another request in
		await(() -> post(1, body(user, 1000, false)).block().getStatusCode().value() == 200);
	}

	@Test
	void aClientThatLeavesMidStreamIsChargedWhatWasGenerated() {
		String user = "cut-" + UUID.randomUUID();
		BucketLimit day = BucketLimit.of("tpd", "end-user=" + user + "+model=m", BucketLimit.Unit.TOKENS, 3500,
				Duration.ofDays(1));
		RateLimitBackend backend = gateways.get(0).getBean(RateLimitBackend.class);
		// a raw socket, so that leaving really closes the connection (a pooled HTTP client may drain it instead)
		int port = ((WebServerApplicationContext) gateways.get(0)).getWebServer().getPort();
		byte[] json = body(user, 2000, true).getBytes(StandardCharsets.UTF_8);
		int events = 0;
		try (Socket socket = new Socket("127.0.0.1", port)) {
			socket.setSoTimeout(20_000);
			OutputStream out = socket.getOutputStream();
			out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
					+ "Content-Length: " + json.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
			out.write(json);
			out.flush();
			BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
			String line;
			while (events < 5 && (line = in.readLine()) != null) {
				if (line.startsWith("data:")) {
					events++;
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		assertThat(events).isEqualTo(5);
		// the reservation (prompt + 2,000) is settled to prompt + what was generated before the cut
		long[] left = new long[1];
		await(() -> {
			left[0] = backend.available(List.of(day)).block()[0];
			return left[0] > 3500 - 200 && left[0] < 3500 - 5;
		}, () -> "tokens left: " + left[0]);
	}

	private static void await(java.util.function.BooleanSupplier condition) {
		await(condition, () -> "");
	}

	private static void await(java.util.function.BooleanSupplier condition, java.util.function.Supplier<String> what) {
		long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
		while (!condition.getAsBoolean()) {
			assertThat(System.nanoTime()).as(() -> "condition within 15 s; " + what.get()).isLessThan(deadline);
			try {
				Thread.sleep(100);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}
}

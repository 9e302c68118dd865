package io.llmgateway.gateway.routing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.llmgateway.gateway.ratelimit.BucketLimit;
import io.llmgateway.gateway.ratelimit.RateLimitBackend;
import io.llmgateway.gateway.support.mock.MockProvider;
import io.llmgateway.gateway.support.mock.Replies;
import io.llmgateway.gateway.support.OpenGatewayApp;
import io.llmgateway.gateway.support.RequiresRedis;
import io.llmgateway.gateway.translate.UpstreamDispatcher;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code llm.models[].rpm} under a concurrent burst of 32 requests: two gateway instances (two Spring contexts)
 * sharing the machine's Redis under a unique key prefix, and one instance on the in-memory backend. The router
 * reserves the quota when it picks the deployment, so at most {@code rpm} requests reach the provider; the rest
 * get 429 with {@code Retry-After}, or go to the fallback group when one is configured.
 */
@RequiresRedis
class DeploymentQuotaGatewayTests {

	private static final String PREFIX = "llm:rl:quota-test:" + UUID.randomUUID() + ":";

	/** Deployment ids are unique per run: cooldowns live under a fixed Redis prefix shared with other runs. */
	private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

	private static final int RPM = 20;

	private static final int BURST = 32;

	private static MockProvider provider;

	/** Provider calls per upstream model id. */
	private static final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

	private static final List<ConfigurableApplicationContext> redisGateways = new ArrayList<>();

	private static ConfigurableApplicationContext localGateway;

	@BeforeAll
	static void start() {
		provider = new MockProvider().answer(request -> {
			String model = request.body().replaceAll("(?s).*\"model\":\"([^\"]+)\".*", "$1");
			calls.computeIfAbsent(model, k -> new AtomicInteger()).incrementAndGet();
			// hold every answer a moment, so the whole burst is routed while the first calls are in flight
			return Replies.delayed(Duration.ofMillis(1500), Replies.json(200, "{\"id\":\"c\",\"object\":\"chat.completion\","
					+ "\"created\":1,\"model\":\"" + model + "\",\"choices\":[{\"index\":0,\"message\":{\"role\":"
					+ "\"assistant\",\"content\":\"ok\"},\"finish_reason\":\"stop\"}],"
					+ "\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":5,\"total_tokens\":15}}"));
		});
		for (int i = 0; i < 2; i++) {
			redisGateways.add(gateway("redis", "llm.rate-limit.backend=redis", "llm.rate-limit.key-prefix=" + PREFIX,
					"spring.data.redis.host=127.0.0.1", "spring.data.redis.port=6379"));
		}
		localGateway = gateway("local", "llm.rate-limit.backend=local");
		// connect both instances to Redis before the burst
		for (ConfigurableApplicationContext ctx : redisGateways) {
			ctx.getBean(RateLimitBackend.class)
				.available(List.of(BucketLimit.of("warm-up", "x", BucketLimit.Unit.REQUESTS, 1, Duration.ofMinutes(1))))
				.block(Duration.ofSeconds(30));
		}
	}

	/**
	 * Groups {@code limited} and {@code spill} (each one deployment with {@code rpm: 20}); {@code spill} falls back to
	 * {@code backup} (no quota). Upstream model ids name the backend, so the two set-ups count separately.
	 */
	private static ConfigurableApplicationContext gateway(String backend, String... extra) {
		List<String> props = new ArrayList<>(List.of("server.port=0",
				"llm.database.enabled=false", "llm.keys.enabled=false", "llm.spend.enabled=false",
				"llm.observe.enabled=false",
				"llm.rate-limit.timeout=30s",
				"llm.router.fallbacks.spill[0]=backup",
				"spring.cloud.gateway.server.webflux.routes[0].id=chat",
				"spring.cloud.gateway.server.webflux.routes[0].uri=http://unused.invalid",
				"spring.cloud.gateway.server.webflux.routes[0].predicates[0]=Path=/v1/chat/completions",
				"spring.cloud.gateway.server.webflux.routes[0].filters[0]=LlmModel",
				"spring.cloud.gateway.server.webflux.routes[0].filters[1]=LlmTranslate"));
		String[][] models = { { "limited", backend + "-limited", Integer.toString(RPM) },
				{ "spill", backend + "-spill", Integer.toString(RPM) }, { "backup", backend + "-backup", null } };
		for (int i = 0; i < models.length; i++) {
			String m = "llm.models[" + i + "].";
			props.add(m + "name=" + models[i][0]);
			props.add(m + "id=" + models[i][0] + "-" + backend + "-" + RUN);
			props.add(m + "provider=openai-compatible");
			props.add(m + "model=" + models[i][1]);
			props.add(m + "api-base=http://127.0.0.1:" + provider.port() + "/v1");
			if (models[i][2] != null) {
				props.add(m + "rpm=" + models[i][2]);
			}
		}
		props.addAll(List.of(extra));
		return new SpringApplicationBuilder(OpenGatewayApp.class).properties(props.toArray(String[]::new)).run();
	}

	@AfterAll
	static void stop() {
		if (!redisGateways.isEmpty()) {
			redisGateways.get(0).getBean(RedissonClient.class).getKeys().deleteByPattern(PREFIX + "*");
		}
		redisGateways.forEach(ConfigurableApplicationContext::close);
		if (localGateway != null) {
			localGateway.close();
		}
		if (provider != null) {
			provider.close();
		}
	}

	@Test
	void twoInstancesOnOneRedisSendAtMostRpmRequestsToTheDeployment_theRestGet429WithRetryAfter() {
		List<ResponseEntity<String>> answers = burst(redisGateways, "limited");
		assertLimited(answers, "redis-limited");
	}

	@Test
	void twoInstancesOnOneRedisSendTheOverflowToTheFallbackGroup() {
		List<ResponseEntity<String>> answers = burst(redisGateways, "spill");
		assertSpilled(answers, "redis-spill", "redis-backup");
	}

	@Test
	void oneInstanceOnTheLocalBackendSendsAtMostRpmRequestsToTheDeployment() {
		assertLimited(burst(List.of(localGateway), "limited"), "local-limited");
	}

	@Test
	void oneInstanceOnTheLocalBackendSendsTheOverflowToTheFallbackGroup() {
		assertSpilled(burst(List.of(localGateway), "spill"), "local-spill", "local-backup");
	}

	private static void assertLimited(List<ResponseEntity<String>> answers, String upstream) {
		int served = count(upstream);
		assertThat(served).as("provider calls").isLessThanOrEqualTo(RPM).isGreaterThanOrEqualTo(RPM - 2);
		List<ResponseEntity<String>> ok = answers.stream().filter(a -> a.getStatusCode().value() == 200).toList();
		List<ResponseEntity<String>> refused = answers.stream().filter(a -> a.getStatusCode().value() == 429).toList();
		assertThat(ok).hasSize(served);
		assertThat(refused).hasSize(BURST - served);
		for (ResponseEntity<String> r : refused) {
			assertThat(r.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).as("Retry-After").isNotNull();
			assertThat(Long.parseLong(r.getHeaders().getFirst(HttpHeaders.RETRY_AFTER))).isBetween(1L, 60L);
			assertThat(r.getBody()).contains("\"code\":\"deployment_quota_exceeded\"").contains("'limited'");
		}
	}

	private static void assertSpilled(List<ResponseEntity<String>> answers, String primary, String fallback) {
		assertThat(answers).allSatisfy(a -> assertThat(a.getStatusCode().value()).isEqualTo(200));
		int served = count(primary);
		assertThat(served).as("calls to the primary deployment").isLessThanOrEqualTo(RPM)
			.isGreaterThanOrEqualTo(RPM - 2);
		assertThat(count(fallback)).as("calls to the fallback").isEqualTo(BURST - served);
		assertThat(answers.stream().filter(a -> "true".equals(a.getHeaders().getFirst(UpstreamDispatcher.FALLBACK_HEADER))))
			.hasSize(BURST - served);
	}

	private static int count(String upstream) {
		AtomicInteger n = calls.get(upstream);
		return n == null ? 0 : n.get();
	}

	/** {@link #BURST} concurrent requests, spread over the instances. */
	private static List<ResponseEntity<String>> burst(List<ConfigurableApplicationContext> gateways, String model) {
		String body = "{\"model\":\"" + model + "\",\"max_tokens\":10,"
				+ "\"messages\":[{\"role\":\"user\",\"content\":\"Say ok\"}]}";
		List<WebClient> clients = gateways.stream()
			.map(ctx -> WebClient.create(
					"http://127.0.0.1:" + ((WebServerApplicationContext) ctx).getWebServer().getPort()))
			.toList();
		return Flux.range(0, BURST)
			.flatMap(i -> clients.get(i % clients.size())
				.post()
				.uri("/v1/chat/completions")
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(body)
				.exchangeToMono(r -> r.toEntity(String.class)), BURST)
			.collectList()
			.block(Duration.ofSeconds(60));
	}
}

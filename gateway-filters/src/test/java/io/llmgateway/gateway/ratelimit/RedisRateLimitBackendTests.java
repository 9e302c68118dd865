package io.llmgateway.gateway.ratelimit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.llmgateway.gateway.core.LlmExchange;
import io.llmgateway.gateway.support.RequiresRedis;
import io.llmgateway.gateway.core.TokenEstimator;
import io.llmgateway.translate.Protocol;
import io.llmgateway.translate.model.Usage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.mock.web.server.MockServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;

/** The Redis backend against the machine's real Redis (127.0.0.1:6379), under a unique key prefix per test. */
@RequiresRedis
class RedisRateLimitBackendTests {

	private static final Duration MINUTE = Duration.ofMinutes(1);

	private static final Duration DAY = Duration.ofDays(1);

	private final String prefix = "llm:rl:test:" + UUID.randomUUID() + ":";

	private final List<RedissonClient> clients = new ArrayList<>();

	private RedisRateLimitBackend backend;

	static RedissonClient client(int port, int timeoutMillis) {
		Config config = new Config();
		config.useSingleServer()
			.setAddress("redis://127.0.0.1:" + port)
			.setTimeout(timeoutMillis)
			.setConnectTimeout(timeoutMillis)
			.setRetryAttempts(0);
		config.setLazyInitialization(true);
		return Redisson.create(config);
	}

	@BeforeEach
	void setUp() {
		backend = new RedisRateLimitBackend(newClient(), prefix, Duration.ofMinutes(10));
		// connect once (Redisson connects lazily, which takes a while on a cold JVM)
		backend.available(List.of(BucketLimit.of("warm-up", "x", BucketLimit.Unit.REQUESTS, 1, MINUTE))).block();
	}

	private RedissonClient newClient() {
		RedissonClient c = client(6379, 2000);
		clients.add(c);
		return c;
	}

	@AfterEach
	void tearDown() {
		clients.get(0).getKeys().deleteByPattern(prefix + "*");
		clients.forEach(RedissonClient::shutdown);
	}

	@Test
	void admitsAllOrNothingInOneScript() {
		BucketLimit tokens = BucketLimit.of("tpm", "key=a", BucketLimit.Unit.TOKENS, 1000, MINUTE);
		BucketLimit requests = BucketLimit.of("rpm", "key=a", BucketLimit.Unit.REQUESTS, 2, MINUTE);
		var ok = backend.acquire(request(List.of(tokens, requests), new long[] { 400, 1 })).block();
		assertThat(ok.allowed()).isTrue();
		assertThat(ok.remaining()).containsExactly(600, 1);
		assertThat(ok.resetMillis()[0]).isBetween(23_000L, 24_000L);

		// tokens refuse: the request bucket must not be touched
		var denied = backend.acquire(request(List.of(requests, tokens), new long[] { 1, 700 })).block();
		assertThat(denied.allowed()).isFalse();
		assertThat(denied.deniedBucket()).isEqualTo(1);
		assertThat(denied.available()).isBetween(600L, 601L);
		assertThat(denied.retryAfterMillis()).isBetween(5_900L, 6_100L);
		assertThat(backend.available(List.of(requests)).block()).containsExactly(1);

		// larger than the limit: wait a full period
		var tooBig = backend.acquire(request(List.of(tokens), new long[] { 5000 })).block();
		assertThat(tooBig.retryAfterMillis()).isEqualTo(60_000);
	}

	@Test
	void adjustRefundsUpToCapacityAndChargesIntoDebt() {
		BucketLimit day = BucketLimit.of("tpd", "key=b", BucketLimit.Unit.TOKENS, 1000, DAY);
		backend.acquire(request(List.of(day), new long[] { 500 })).block();
		backend.adjust(List.of(day), new long[] { -200 }, List.of()).block();
		assertThat(backend.available(List.of(day)).block()[0]).isEqualTo(700);
		backend.adjust(List.of(day), new long[] { -5000 }, List.of()).block();
		assertThat(backend.available(List.of(day)).block()[0]).isEqualTo(1000);
		backend.adjust(List.of(day), new long[] { 1300 }, List.of()).block();
		assertThat(backend.available(List.of(day)).block()[0]).isEqualTo(-300);
		assertThat(backend.acquire(request(List.of(day), new long[] { 1 })).block().allowed()).isFalse();
	}

	@Test
	void concurrencySlotsAreSharedAndCarryATtl() {
		ConcurrencyLimit slot = ConcurrencyLimit.of("team=t", 2);
		var req = new RateLimitBackend.AcquireRequest(List.of(), new long[0], List.of(slot), List.of());
		assertThat(backend.acquire(req).block().allowed()).isTrue();
		assertThat(backend.acquire(req).block().allowed()).isTrue();
		var third = backend.acquire(req).block();
		assertThat(third.allowed()).isFalse();
		assertThat(third.deniedSlot()).isZero();
		assertThat(clients.get(0).getBucket(prefix + slot.key()).remainTimeToLive()).isBetween(1L, 600_000L);
		backend.adjust(List.of(), new long[0], List.of(slot)).block();
		assertThat(backend.acquire(req).block().allowed()).isTrue();
		backend.adjust(List.of(), new long[0], List.of(slot, slot)).block();
		assertThat(clients.get(0).getBucket(prefix + slot.key()).isExists()).isFalse();
	}

	@Test
	void alternativesNeedOneWithRoom() {
		BucketLimit d1 = BucketLimit.of("deployment-rpm", "deployment=d1", BucketLimit.Unit.REQUESTS, 1, MINUTE);
		BucketLimit d2 = BucketLimit.of("deployment-tpm", "deployment=d2", BucketLimit.Unit.TOKENS, 100, MINUTE);
		List<List<RateLimitBackend.Probe>> alternatives = List.of(List.of(new RateLimitBackend.Probe(d1, 1)),
				List.of(new RateLimitBackend.Probe(d2, 50)));
		var req = new RateLimitBackend.AcquireRequest(List.of(), new long[0], List.of(), alternatives);
		assertThat(backend.acquire(req).block().allowed()).isTrue();
		backend.adjust(List.of(d1, d2), new long[] { 1, 60 }, List.of()).block();
		var denied = backend.acquire(req).block();
		assertThat(denied.allowed()).isFalse();
		assertThat(denied.noAlternative()).isTrue();
	}

	/**
	 * Two gateway instances (two limiters, each with its own Redis connection) hammered concurrently: the total
	 * admitted is exactly what the shared limit holds, never more.
	 */
	@Test
	void twoInstancesNeverAdmitMoreThanTheSharedLimit() throws Exception {
		TokenEstimator estimator = TokenEstimator.standard();
		RateLimitProperties props = new RateLimitProperties(null, RateLimitProperties.Backend.REDIS, false,
				Duration.ofSeconds(5), null, null, null, null, null, null, null, null, null, null, prefix);
		List<GatewayFilter> instances = new ArrayList<>();
		TokenRateLimiter first = null;
		for (int i = 0; i < 2; i++) {
			RedisRateLimitBackend instanceBackend = new RedisRateLimitBackend(newClient(), prefix,
					Duration.ofMinutes(10));
			instanceBackend.available(List.of(BucketLimit.of("warm-up", "x", BucketLimit.Unit.REQUESTS, 1, MINUTE)))
				.block();
			TokenRateLimiter limiter = new TokenRateLimiter(props, instanceBackend, estimator,
					new SimpleMeterRegistry());
			first = first == null ? limiter : first;
			instances.add(new LlmTokenRateLimitGatewayFilterFactory(limiter)
				.apply(new LlmTokenRateLimitGatewayFilterFactory.Config().setBy("team").setTpd(10_000L)));
		}
		LlmExchange probe = TestLlm.llm(Protocol.OPENAI, TestLlm.request("gpt-4o", "Count to three", 100),
				TestLlm.key("k", null));
		long cost = first.plan(probe, List.of(new LimitSpec("team", null, null, null, 10_000L, null)), null, null)
			.reservedTokens();
		long expected = 10_000 / cost;

		int clients = 200;
		ExecutorService pool = Executors.newFixedThreadPool(16);
		CountDownLatch start = new CountDownLatch(1);
		List<Future<Integer>> results = new ArrayList<>();
		for (int i = 0; i < clients; i++) {
			GatewayFilter filter = instances.get(i % 2);
			results.add(pool.submit((Callable<Integer>) () -> {
				MockServerWebExchange ex = TestLlm.exchange(TestLlm.llm(Protocol.OPENAI,
						TestLlm.request("gpt-4o", "Count to three", 100), TestLlm.key("k", null)));
				start.await();
				filter.filter(ex, TestLlm.holding()).block();
				return ex.getResponse().getStatusCode() == null ? 200 : ex.getResponse().getStatusCode().value();
			}));
		}
		start.countDown();
		int admitted = 0;
		for (Future<Integer> f : results) {
			int status = f.get();
			assertThat(status).isIn(200, 429);
			admitted += status == 200 ? 1 : 0;
		}
		pool.shutdown();
		assertThat(admitted).isEqualTo(expected);
	}

	@Test
	void theFilterReconcilesOnRedis() {
		RateLimitProperties props = new RateLimitProperties(null, RateLimitProperties.Backend.REDIS, false,
				Duration.ofSeconds(5), null, null, null, null, null, null, null, null, null, null, prefix);
		TokenRateLimiter limiter = new TokenRateLimiter(props, backend, TokenEstimator.standard(), new SimpleMeterRegistry());
		GatewayFilter filter = new LlmTokenRateLimitGatewayFilterFactory(limiter)
			.apply(new LlmTokenRateLimitGatewayFilterFactory.Config().setTpd(5000L).setMaxParallel(1));
		MockServerWebExchange ex = TestLlm.exchange(
				TestLlm.llm(Protocol.OPENAI, TestLlm.request("gpt-4o", "hi", 1000), TestLlm.key("r")));
		filter.filter(ex, TestLlm.answering(new Usage(10, 20, 0, 0, 0))).block();
		BucketLimit day = BucketLimit.of("tpd", "key=r", BucketLimit.Unit.TOKENS, 5000, DAY);
		// reconciliation runs asynchronously after completion
		long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
		while (backend.available(List.of(day)).block()[0] != 4970 && System.nanoTime() < deadline) {
			Thread.onSpinWait();
		}
		assertThat(backend.available(List.of(day)).block()[0]).isEqualTo(4970);
		assertThat(clients.get(0).getBucket(prefix + ConcurrencyLimit.of("key=r", 1).key()).isExists()).isFalse();
	}

	private static RateLimitBackend.AcquireRequest request(List<BucketLimit> buckets, long[] costs) {
		return new RateLimitBackend.AcquireRequest(buckets, costs, List.of(), List.of());
	}
}

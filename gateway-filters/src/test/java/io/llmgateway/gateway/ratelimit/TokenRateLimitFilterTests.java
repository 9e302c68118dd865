package io.llmgateway.gateway.ratelimit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import io.github.bucket4j.TimeMeter;
import io.llmgateway.gateway.core.CacheStatus;
import io.llmgateway.gateway.core.Completion;
import io.llmgateway.gateway.core.Identity;
import io.llmgateway.gateway.core.LlmExchange;
import io.llmgateway.gateway.core.TokenEstimator;
import io.llmgateway.translate.Protocol;
import io.llmgateway.translate.model.ChatRequest;
import io.llmgateway.translate.model.Usage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.web.server.MockServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The filter on one instance with the local backend and a frozen clock (no refill during a test), driven with
 * contexts built directly and fake chains that set usage and complete the context.
 */
class TokenRateLimitFilterTests {

	private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

	private final TimeMeter clock = TestLlm.clock(nanos);

	/** Loading a tokenizer takes a moment: share one (it is thread-safe). */
	private static final TokenEstimator ESTIMATOR = TokenEstimator.standard();

	private LocalRateLimitBackend backend;

	private TokenRateLimiter limiter;

	private LlmTokenRateLimitGatewayFilterFactory factory;

	@BeforeEach
	void setUp() {
		setUp(RateLimitProperties.defaults());
	}

	private void setUp(RateLimitProperties properties) {
		backend = new LocalRateLimitBackend(properties.localMaxKeys(), clock);
		limiter = new TokenRateLimiter(properties, backend, ESTIMATOR, new SimpleMeterRegistry());
		factory = new LlmTokenRateLimitGatewayFilterFactory(limiter);
	}

	private static ChatRequest hello(Integer maxTokens) {
		return TestLlm.request("gpt-4o", "Hello there, how are you today?", maxTokens);
	}

	/** What one {@link #hello} request reserves under the total token type. */
	private long reservationOf(Integer maxTokens) {
		LlmExchange llm = TestLlm.llm(Protocol.OPENAI, hello(maxTokens), TestLlm.key("k"));
		return limiter.plan(llm, List.of(new LimitSpec("key", null, null, 1_000_000L, null, null)), null, null)
			.reservedTokens();
	}

	@Test
	void admitsExactlyAsManyConcurrentRequestsAsTheTokenLimitHolds_andARefundLetsTheNextIn() throws Exception {
		long r = reservationOf(100);
		long limit = 4 * r + (r - 1);
		GatewayFilter filter = factory.apply(new LlmTokenRateLimitGatewayFilterFactory.Config().setTpm(limit));
		int clients = 32;
		ExecutorService pool = Executors.newFixedThreadPool(8);
		CountDownLatch start = new CountDownLatch(1);
		List<Future<MockServerWebExchange>> results = new ArrayList<>();
		for (int i = 0; i < clients; i++) {
			results.add(pool.submit((Callable<MockServerWebExchange>) () -> {
				MockServerWebExchange ex = TestLlm.exchange(TestLlm.llm(Protocol.OPENAI, hello(100), TestLlm.key("k")));
				start.await();
				filter.filter(ex, TestLlm.holding()).block();
				return ex;
			}));
		}
		start.countDown();
		List<LlmExchange> admitted = new ArrayList<>();
		for (Future<MockServerWebExchange> f : results) {
			MockServerWebExchange ex = f.get();
			if (ex.getResponse().getStatusCode() == null) {
				admitted.add(LlmExchange.get(ex));
			}
			else {
				assertThat(ex.getResponse().getStatusCode().value()).isEqualTo(429);
			}
		}
		pool.shutdown();
		assertThat(admitted).hasSize(4);

		// full: the next one is refused
		assertThat(run(filter, hello(100), "k").getResponse().getStatusCode().value()).isEqualTo(429);

		// a short answer refunds (r - 10) tokens: now r - 1 + r - 10 >= r remain, exactly one more fits
		LlmExchange first = admitted.get(0);
		first.usage(new Usage(5, 5, 0, 0, 0));
		first.complete(Completion.SUCCESS);
		assertThat(run(filter, hello(100), "k").getResponse().getStatusCode()).isNull();
		assertThat(run(filter, hello(100), "k").getResponse().getStatusCode().value()).isEqualTo(429);
	}

	@Test
	void overshootIsBoundedByTheExcessOfRequestsInFlight() {
		// no max_tokens: 256 expected output tokens are reserved, but each answer is up to E tokens longer
		long r = reservationOf(null);
		long capacity = 20 * r;
		int maxParallel = 5;
		long excess = 300;
		GatewayFilter filter = factory
			.apply(new LlmTokenRateLimitGatewayFilterFactory.Config().setTpm(capacity).setMaxParallel(maxParallel));
		java.util.Random random = new java.util.Random(42);
		List<LlmExchange> inFlight = new ArrayList<>();
		long charged = 0;
		for (int step = 0; step < 1_500; step++) {
			if (!inFlight.isEmpty() && (random.nextBoolean() || inFlight.size() == maxParallel)) {
				LlmExchange done = inFlight.remove(random.nextInt(inFlight.size()));
				long extra = random.nextLong(excess + 1);
				long prompt = done.request().messages().size() * 12L;
				long total = r + extra;
				done.usage(new Usage(prompt, total - prompt, 0, 0, 0));
				done.complete(Completion.SUCCESS);
				charged += total;
			}
			else {
				MockServerWebExchange ex = run(filter, hello(null), "k");
				if (ex.getResponse().getStatusCode() == null) {
					inFlight.add(LlmExchange.get(ex));
				}
			}
		}
		for (LlmExchange done : inFlight) {
			done.usage(new Usage(10, r + excess - 10, 0, 0, 0));
			done.complete(Completion.SUCCESS);
			charged += r + excess;
		}
		// the clock never moved: everything ever charged came out of one bucket of `capacity` tokens, plus at most
		// the excess of the requests that were in flight when the last one was admitted
		assertThat(charged).isGreaterThan(capacity);
		assertThat(charged).isLessThanOrEqualTo(capacity + maxParallel * excess);
	}

	@Test
	void enforcedOutputReservationMeansNoOvershoot() {
		setUp(new RateLimitProperties(null, null, null, null, null, null, null, 50, true, null, null, null, null,
				null, null));
		long r = reservationOf(null);
		GatewayFilter filter = factory.apply(new LlmTokenRateLimitGatewayFilterFactory.Config().setTpm(3 * r));
		MockServerWebExchange ex = run(filter, hello(null), "k");
		assertThat(LlmExchange.get(ex).request().maxTokens()).isEqualTo(50);
	}

	@Test
	void cancelledStreamIsChargedWhatWasGenerated() {
		GatewayFilter filter = factory.apply(new LlmTokenRateLimitGatewayFilterFactory.Config().setTpm(10_000L));
		MockServerWebExchange ex = run(filter, hello(2_000), "k");
		LlmExchange llm = LlmExchange.get(ex);
		long reserved = ((Reservation) llm.attributes().get(LlmTokenRateLimitGatewayFilterFactory.RESERVATION_ATTRIBUTE))
			.plan()
			.reservedTokens();
		assertThat(tokensLeft("k", 10_000)).isEqualTo(10_000 - reserved);
		// the client went away after 37 generated tokens; the dispatcher left that usage on the context
		llm.markUpstreamSent();
		llm.usage(new Usage(12, 37, 0, 0, 0));
		llm.complete(Completion.CANCELLED);
		assertThat(tokensLeft("k", 10_000)).isEqualTo(10_000 - 49);
	}

	@Test
	void cancelledStreamWithoutReportedUsageIsChargedTheContentSent() {
		GatewayFilter filter = factory.apply(new LlmTokenRateLimitGatewayFilterFactory.Config().setTpm(10_000L));
		ChatRequest request = hello(2_000).stream(true);
		LlmExchange llm = TestLlm.llm(Protocol.OPENAI, request, TestLlm.key("k"));
		MockServerWebExchange ex = TestLlm.exchange(llm);
		long prompt = ESTIMATOR.estimatePrompt(request, "gpt-4o");
		// the dispatcher streams two OpenAI chunks (40 characters of content) and the client goes away
		filter.filter(ex, e -> {
			llm.markUpstreamSent();
			String chunk = "data: {\"choices\":[{\"delta\":{\"content\":\"" + "x".repeat(20) + "\"}}]}\n\n";
			var frames = reactor.core.publisher.Flux.just(chunk, chunk)
				.map(c -> reactor.core.publisher.Flux.just(e.getResponse().bufferFactory()
					.wrap(c.getBytes(java.nio.charset.StandardCharsets.UTF_8))));
			return e.getResponse().writeAndFlushWith(frames).then(reactor.core.publisher.Mono.fromRunnable(
					() -> llm.complete(Completion.CANCELLED)));
		}).block();
		assertThat(tokensLeft("k", 10_000)).isEqualTo(10_000 - prompt - 10);
	}

	@Test
	void cacheHitsAreNotCharged_unlessConfigured() {
		GatewayFilter filter = factory
			.apply(new LlmTokenRateLimitGatewayFilterFactory.Config().setTpm(10_000L).setRpm(10L));
		MockServerWebExchange ex = run(filter, hello(100), "k");
		LlmExchange llm = LlmExchange.get(ex);
		llm.cacheStatus(CacheStatus.HIT);
		llm.usage(new Usage(12, 30, 0, 0, 0));
		llm.complete(Completion.SUCCESS);
		assertThat(tokensLeft("k", 10_000)).isEqualTo(10_000);
		assertThat(left("rpm|key=k|10")).isEqualTo(10);

		setUp(new RateLimitProperties(null, null, null, null, null, null, null, null, null, true, null, null, null,
				null, null));
		filter = factory.apply(new LlmTokenRateLimitGatewayFilterFactory.Config().setTpm(10_000L));
		llm = LlmExchange.get(run(filter, hello(100), "k"));
		llm.cacheStatus(CacheStatus.HIT);
		llm.usage(new Usage(12, 30, 0, 0, 0));
		llm.complete(Completion.SUCCESS);
		assertThat(tokensLeft("k", 10_000)).isEqualTo(10_000 - 42);
	}

	@Test
	void concurrencySlotIsReleasedExactlyOnce() {
		GatewayFilter filter = factory.apply(new LlmTokenRateLimitGatewayFilterFactory.Config().setMaxParallel(2));
		LlmExchange a = LlmExchange.get(run(filter, hello(10), "k"));
		LlmExchange b = LlmExchange.get(run(filter, hello(10), "k"));
		MockServerWebExchange c = run(filter, hello(10), "k");
		assertThat(c.getResponse().getStatusCode().value()).isEqualTo(429);
		assertThat(c.getResponse().getBodyAsString().block()).contains("max_parallel");
		ConcurrencyLimit slot = ConcurrencyLimit.of("key=k", 2);
		assertThat(backend.inFlight(slot)).isEqualTo(2);

		a.complete(Completion.SUCCESS);
		a.complete(Completion.FAILED);
		Reservation ra = (Reservation) a.attributes().get(LlmTokenRateLimitGatewayFilterFactory.RESERVATION_ATTRIBUTE);
		limiter.reconcile(ra, a).block();
		assertThat(backend.inFlight(slot)).isEqualTo(1);
		b.complete(Completion.CANCELLED);
		assertThat(backend.inFlight(slot)).isZero();
		assertThat(run(filter, hello(10), "k").getResponse().getStatusCode()).isNull();
	}

	@Test
	void openAiClientsGetXRateLimitHeadersAndAnOpenAiError() {
		GatewayFilter filter = factory
			.apply(new LlmTokenRateLimitGatewayFilterFactory.Config().setRpm(2L).setTpm(100_000L).setRpd(1000L));
		MockServerWebExchange ok = run(filter, hello(100), "k");
		HttpHeaders h = ok.getResponse().getHeaders();
		assertThat(h.getFirst("x-ratelimit-limit-requests")).isEqualTo("2");
		assertThat(h.getFirst("x-ratelimit-remaining-requests")).isEqualTo("1");
		assertThat(h.getFirst("x-ratelimit-reset-requests")).isEqualTo("30s");
		assertThat(h.getFirst("x-ratelimit-limit-tokens")).isEqualTo("100000");
		assertThat(Long.parseLong(h.getFirst("x-ratelimit-remaining-tokens"))).isLessThan(100_000 - 100);
		assertThat(h.getFirst("x-ratelimit-reset-tokens")).endsWith("ms");

		run(filter, hello(100), "k");
		MockServerWebExchange denied = run(filter, hello(100), "k");
		assertThat(denied.getResponse().getStatusCode().value()).isEqualTo(429);
		assertThat(denied.getResponse().getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("30");
		assertThat(denied.getResponse().getHeaders().getFirst("x-ratelimit-remaining-requests")).isEqualTo("0");
		String body = denied.getResponse().getBodyAsString().block();
		assertThat(body).contains("\"type\":\"rate_limit_exceeded\"").contains("rpm (requests per minute)")
			.contains("key=k");
	}

	@Test
	void anthropicClientsGetAnthropicHeadersAndError() {
		GatewayFilter filter = factory.apply(new LlmTokenRateLimitGatewayFilterFactory.Config().setRpm(1L));
		LlmExchange llm = TestLlm.llm(Protocol.ANTHROPIC, hello(10), TestLlm.key("a"));
		MockServerWebExchange ok = TestLlm.exchange(llm);
		filter.filter(ok, TestLlm.holding()).block();
		assertThat(ok.getResponse().getHeaders().getFirst("anthropic-ratelimit-requests-limit")).isEqualTo("1");
		assertThat(ok.getResponse().getHeaders().getFirst("anthropic-ratelimit-requests-remaining")).isEqualTo("0");
		assertThat(ok.getResponse().getHeaders().getFirst("anthropic-ratelimit-requests-reset")).endsWith("Z");
		assertThat(ok.getResponse().getHeaders().getFirst("x-ratelimit-limit-requests")).isNull();

		MockServerWebExchange denied = TestLlm.exchange(TestLlm.llm(Protocol.ANTHROPIC, hello(10), TestLlm.key("a")));
		filter.filter(denied, TestLlm.holding()).block();
		assertThat(denied.getResponse().getStatusCode().value()).isEqualTo(429);
		assertThat(denied.getResponse().getBodyAsString().block()).startsWith("{\"type\":\"error\"")
			.contains("\"type\":\"rate_limit_error\"");
		assertThat(denied.getResponse().getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("60");
	}

	@Test
	void theTightestOfRouteDefaultAndKeyLimitsApplies() {
		setUp(new RateLimitProperties(null, null, null, null, null,
				List.of(new LimitSpec("global", 1000L, null, null, null, null)), null, null, null, null, null, null,
				null, null, null));
		Identity.Limits keyLimits = new Identity.Limits(null, 2L, null, null, null, null, Map.of("gpt-4o", 1L));
		GatewayFilter filter = factory.apply(new LlmTokenRateLimitGatewayFilterFactory.Config().setBy("team").setRpm(50L));
		Identity id = TestLlm.key("kx", keyLimits);
		MockServerWebExchange first = TestLlm.exchange(TestLlm.llm(Protocol.OPENAI, hello(10), id));
		filter.filter(first, TestLlm.holding()).block();
		assertThat(first.getResponse().getStatusCode()).isNull();
		// the tightest request limit is the key's per-model rpm of 1
		assertThat(first.getResponse().getHeaders().getFirst("x-ratelimit-limit-requests")).isEqualTo("1");
		MockServerWebExchange second = TestLlm.exchange(TestLlm.llm(Protocol.OPENAI, hello(10), id));
		filter.filter(second, TestLlm.holding()).block();
		assertThat(second.getResponse().getStatusCode().value()).isEqualTo(429);
		assertThat(second.getResponse().getBodyAsString().block()).contains("key=kx+model=gpt-4o");
	}

	@Test
	void teamLimitsAreSharedByEveryKeyOfTheTeam() {
		Identity.Limits team = new Identity.Limits(null, 2L, null, null, null, null, null);
		GatewayFilter filter = factory.apply(new LlmTokenRateLimitGatewayFilterFactory.Config());
		for (String key : List.of("k1", "k2", "k3")) {
			Identity id = new Identity(key, null, null, "eng", null, null, null, Map.of(), false, team, null, null,
					null);
			MockServerWebExchange ex = TestLlm.exchange(TestLlm.llm(Protocol.OPENAI, hello(10), id));
			filter.filter(ex, TestLlm.holding()).block();
			if (key.equals("k3")) {
				assertThat(ex.getResponse().getStatusCode().value()).isEqualTo(429);
				assertThat(ex.getResponse().getBodyAsString().block()).contains("team=eng");
			}
			else {
				assertThat(ex.getResponse().getStatusCode()).isNull();
			}
		}
	}

	@Test
	void aGroupWhoseDeploymentsAreAllOutOfQuotaAnswers429() {
		var d1 = TestLlm.deployment("d1", "gpt-4o", 1L, null);
		var d2 = TestLlm.deployment("d2", "gpt-4o", null, 50L);
		DeploymentQuota quota = limiter.deploymentQuota();
		assertThat(quota.headroom(List.of(d1, d2)).block())
			.containsExactly(new DeploymentQuota.Headroom(1, Long.MAX_VALUE), new DeploymentQuota.Headroom(Long.MAX_VALUE, 50));
		quota.record(d1, 1, 0).block();
		quota.record(d2, 1, 45).block();
		assertThat(quota.headroom(List.of(d1, d2)).block())
			.containsExactly(new DeploymentQuota.Headroom(0, Long.MAX_VALUE), new DeploymentQuota.Headroom(Long.MAX_VALUE, 5));

		GatewayFilter filter = factory.apply(new LlmTokenRateLimitGatewayFilterFactory.Config());
		LlmExchange llm = TestLlm.llm(Protocol.OPENAI, hello(10), TestLlm.key("k"));
		llm.group(TestLlm.group("gpt-4o", d1, d2));
		MockServerWebExchange ex = TestLlm.exchange(llm);
		filter.filter(ex, TestLlm.holding()).block();
		assertThat(ex.getResponse().getStatusCode().value()).isEqualTo(429);
		assertThat(ex.getResponse().getBodyAsString().block()).contains("deployment").contains("gpt-4o");

		// an unlimited deployment in the group always has room
		LlmExchange other = TestLlm.llm(Protocol.OPENAI, hello(10), TestLlm.key("k"));
		other.group(TestLlm.group("gpt-4o", d1, d2, TestLlm.deployment("d3", "gpt-4o", null, null)));
		MockServerWebExchange ok = TestLlm.exchange(other);
		filter.filter(ok, TestLlm.holding()).block();
		assertThat(ok.getResponse().getStatusCode()).isNull();
	}

	@Test
	void deploymentUsageIsRecordedWithTheReconciliation() {
		var d1 = TestLlm.deployment("d1", "gpt-4o", 10L, 1000L);
		GatewayFilter filter = factory.apply(new LlmTokenRateLimitGatewayFilterFactory.Config().setRpm(100L));
		LlmExchange llm = TestLlm.llm(Protocol.OPENAI, hello(10), TestLlm.key("k"));
		llm.group(TestLlm.group("gpt-4o", d1));
		filter.filter(TestLlm.exchange(llm), ex -> {
			llm.deployment(d1);
			return TestLlm.answering(new Usage(100, 20, 0, 0, 0)).filter(ex);
		}).block();
		assertThat(limiter.deploymentQuota().headroom(List.of(d1)).block())
			.containsExactly(new DeploymentQuota.Headroom(9, 880));
	}

	@Test
	void deploymentUsageIsRecordedOnRoutesWithoutTheFilter() {
		var d1 = TestLlm.deployment("d1", "gpt-4o", 10L, 1000L);
		LlmExchange llm = TestLlm.llm(Protocol.OPENAI, hello(10), TestLlm.key("k"));
		new DeploymentUsageRecorder(limiter).initialize(llm, TestLlm.exchange(llm));
		llm.deployment(d1);
		llm.usage(new Usage(30, 20, 0, 0, 0));
		llm.complete(Completion.SUCCESS);
		assertThat(limiter.deploymentQuota().headroom(List.of(d1)).block())
			.containsExactly(new DeploymentQuota.Headroom(9, 950));
	}

	@Test
	void aFloodOfDistinctKeysStaysWithinTheBound() {
		setUp(new RateLimitProperties(null, null, null, null, null, null, null, null, null, null, null, null, 100,
				null, null));
		GatewayFilter filter = factory.apply(new LlmTokenRateLimitGatewayFilterFactory.Config().setRpm(5L));
		for (int i = 0; i < 5_000; i++) {
			run(filter, hello(10), "flood-" + i);
		}
		assertThat(backend.size()).isLessThanOrEqualTo(100);
	}

	@Test
	void requestsWithoutTheDimensionAreNotLimitedByIt() {
		GatewayFilter filter = factory
			.apply(new LlmTokenRateLimitGatewayFilterFactory.Config().setBy("end-user").setRpm(1L));
		for (int i = 0; i < 3; i++) {
			assertThat(run(filter, hello(10), "k").getResponse().getStatusCode()).isNull();
		}
		ChatRequest withUser = hello(10).user("alice");
		assertThat(runWith(filter, withUser).getResponse().getStatusCode()).isNull();
		assertThat(runWith(filter, hello(10).user("alice")).getResponse().getStatusCode().value()).isEqualTo(429);
	}

	private MockServerWebExchange runWith(GatewayFilter filter, ChatRequest request) {
		MockServerWebExchange ex = TestLlm.exchange(TestLlm.llm(Protocol.OPENAI, request, TestLlm.key("k")));
		filter.filter(ex, TestLlm.holding()).block();
		return ex;
	}

	private MockServerWebExchange run(GatewayFilter filter, ChatRequest request, String key) {
		MockServerWebExchange ex = TestLlm.exchange(TestLlm.llm(Protocol.OPENAI, request, TestLlm.key(key)));
		filter.filter(ex, TestLlm.holding()).block();
		return ex;
	}

	private long tokensLeft(String key, long capacity) {
		return left("tpm|key=" + key + "|" + capacity);
	}

	private long left(String bucketKey) {
		String[] parts = bucketKey.split("\\|");
		long capacity = Long.parseLong(parts[2]);
		BucketLimit.Unit unit = parts[0].startsWith("r") ? BucketLimit.Unit.REQUESTS : BucketLimit.Unit.TOKENS;
		BucketLimit b = BucketLimit.of(parts[0], parts[1], unit, capacity, java.time.Duration.ofMinutes(1));
		return backend.available(List.of(b)).block()[0];
	}
}

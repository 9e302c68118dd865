package io.llmgateway.gateway.cache;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import io.llmgateway.gateway.core.CacheStatus;
import io.llmgateway.gateway.core.Completion;
import io.llmgateway.gateway.core.Identity;
import io.llmgateway.gateway.core.LlmExchange;
import io.llmgateway.translate.Protocol;
import io.llmgateway.translate.model.ChatRequest;
import io.llmgateway.translate.model.ChatResponse;
import io.llmgateway.translate.model.ContentPart;
import io.llmgateway.translate.model.ErrorType;
import io.llmgateway.translate.model.LlmError;
import io.llmgateway.translate.model.Message;
import io.llmgateway.translate.model.Role;
import io.llmgateway.translate.model.StopReason;
import io.llmgateway.translate.model.Usage;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class LlmCacheGatewayFilterFactoryTests {

	private static final JsonMapper mapper = JsonMapper.builder().build();

	private static final Usage USAGE = new Usage(12, 3, 0, 0, 0);

	private final RecordingCache cache = new RecordingCache(new CaffeineResponseCache(1 << 20));

	private final CachedAnswerCodec codec = new CachedAnswerCodec(mapper);

	/** How the fake upstream ends each exchange; by default a complete answer. */
	private Consumer<LlmExchange> upstream = llm -> {
		llm.status(200);
		if (llm.retainResponseRequested()) {
			llm.response(new ChatResponse("chatcmpl-1", "gpt-4o-2024", List.of(new ContentPart.Text("Paris")),
					StopReason.END_TURN, USAGE, 1700000000L));
		}
		llm.usage(USAGE);
	};

	private Completion upstreamCompletion = Completion.SUCCESS;

	private final AtomicInteger upstreamCalls = new AtomicInteger();

	private FakeClientCodec clientCodec = new FakeClientCodec();

	private GatewayFilter filter(CacheProperties properties, LlmCacheGatewayFilterFactory.Config config) {
		return new LlmCacheGatewayFilterFactory(properties, cache,
				new RequestFingerprint(mapper, properties.cachingGroups()), codec)
			.apply(config);
	}

	private GatewayFilter filter() {
		return filter(properties(true, false), new LlmCacheGatewayFilterFactory.Config());
	}

	private static CacheProperties properties(boolean enabled, boolean skipPositiveTemperature) {
		return new CacheProperties(enabled, null, null, null, null, null, skipPositiveTemperature, null, null, null);
	}

	private static ChatRequest request() {
		ChatRequest r = new ChatRequest().model("gpt-4o").temperature(0.0);
		r.messages().add(Message.text(Role.USER, "Capital of France?"));
		return r;
	}

	/** One exchange through LlmModel (simulated: context + completion), the cache filter and a fake dispatcher. */
	private Call call(GatewayFilter filter, ChatRequest request, Identity identity, Consumer<MockServerHttpRequest.BaseBuilder<?>> headers) {
		MockServerHttpRequest.BaseBuilder<?> builder = MockServerHttpRequest.post("/v1/chat/completions");
		headers.accept(builder);
		MockServerWebExchange exchange = MockServerWebExchange.from(builder);
		LlmExchange llm = new LlmExchange("req", Protocol.OPENAI, clientCodec, new byte[0], request);
		llm.identity(identity);
		exchange.getAttributes().put(LlmExchange.ATTRIBUTE, llm);
		AtomicInteger chainCalls = new AtomicInteger();
		GatewayFilterChain chain = ex -> {
			chainCalls.incrementAndGet();
			upstreamCalls.incrementAndGet();
			upstream.accept(llm);
			return ex.getResponse().setComplete();
		};
		filter.filter(exchange, chain).block();
		llm.complete(chainCalls.get() > 0 ? upstreamCompletion : Completion.SUCCESS);
		return new Call(exchange, llm, chainCalls.get());
	}

	private Call call(GatewayFilter filter, ChatRequest request) {
		return call(filter, request, Identity.ANONYMOUS, b -> {
		});
	}

	private record Call(ServerWebExchange exchange, LlmExchange llm, int chainCalls) {

		HttpHeaders headers() {
			return exchange.getResponse().getHeaders();
		}

		String body() {
			return ((MockServerWebExchange) exchange).getResponse().getBodyAsString().block();
		}
	}

	@Test
	void secondIdenticalCallIsAnsweredFromTheCacheWithoutTheChain() {
		GatewayFilter filter = filter();

		Call miss = call(filter, request());
		Call hit = call(filter, request());

		assertThat(miss.chainCalls()).isEqualTo(1);
		assertThat(miss.headers().getFirst("x-cache")).isEqualTo("MISS");
		assertThat(miss.llm().cacheStatus()).isEqualTo(CacheStatus.MISS);
		assertThat(miss.llm().retainResponseRequested()).isTrue();
		assertThat(hit.chainCalls()).isZero();
		assertThat(hit.headers().getFirst("x-cache")).isEqualTo("HIT");
		assertThat(hit.headers().getFirst("x-cache-key")).matches("[0-9a-f]{64}")
			.isEqualTo(miss.headers().getFirst("x-cache-key"));
		assertThat(hit.headers().getFirst(HttpHeaders.AGE)).isEqualTo("0");
		assertThat(hit.headers().getContentType()).isEqualTo(MediaType.APPLICATION_JSON);
		assertThat(hit.body()).isEqualTo("gpt-4o|Paris");
		assertThat(hit.llm().cacheStatus()).isEqualTo(CacheStatus.HIT);
		assertThat(hit.llm().usage()).isEqualTo(USAGE);
		assertThat(hit.llm().status()).isEqualTo(200);
	}

	@Test
	void aStreamingCallIsReplayedAsSseFromANonStreamingAnswer() {
		GatewayFilter filter = filter();
		call(filter, request());

		Call hit = call(filter, request().stream(true).includeUsage(true));

		assertThat(hit.chainCalls()).isZero();
		assertThat(hit.headers().getContentType()).isEqualTo(MediaType.TEXT_EVENT_STREAM);
		assertThat(hit.body()).isEqualTo("data: Paris\n\ndata: [DONE]\n\n");
	}

	@Test
	void disabledCacheOnlyRemovesTheBodyControls() {
		GatewayFilter filter = filter(properties(false, false), new LlmCacheGatewayFilterFactory.Config());
		ChatRequest first = request();
		first.extra().put("cache", mapper.readTree("{\"ttl\":60}"));

		Call a = call(filter, first);
		Call b = call(filter, request());

		assertThat(first.extra()).doesNotContainKey("cache");
		assertThat(a.chainCalls() + b.chainCalls()).isEqualTo(2);
		assertThat(a.headers().containsHeader("x-cache")).isFalse();
		assertThat(cache.puts).isEmpty();
	}

	@Test
	void errorsAreNeverStored() {
		GatewayFilter filter = filter();
		upstream = llm -> {
			llm.status(502);
			llm.error(LlmError.of(ErrorType.BAD_GATEWAY, "upstream down"));
		};
		upstreamCompletion = Completion.FAILED;

		call(filter, request());

		assertThat(cache.puts).isEmpty();
	}

	@Test
	void streamsCutOrEndedWithAnInBandErrorAreNeverStored() {
		GatewayFilter filter = filter();
		// ended with an in-band error: status 200 was already sent
		upstream = llm -> {
			llm.status(200);
			llm.error(LlmError.of(ErrorType.SERVER_ERROR, "overloaded mid-stream"));
		};
		upstreamCompletion = Completion.FAILED;
		call(filter, request().stream(true));
		// cut by the client: the dispatcher had no complete answer
		upstream = llm -> llm.status(200);
		upstreamCompletion = Completion.CANCELLED;
		call(filter, request().stream(true));
		// even a response assembled so far is not stored when the exchange did not succeed
		upstream = llm -> {
			llm.status(200);
			llm.response(new ChatResponse("x", "m", List.of(new ContentPart.Text("Par")), null, null, 0));
		};
		call(filter, request().stream(true));

		assertThat(cache.puts).isEmpty();
	}

	@Test
	void tenantsDoNotShareEntriesUnlessTheRouteSaysSo() {
		GatewayFilter tenant = filter();
		Identity k1 = new Identity("k1", null, null, null, Set.of(), null, null, Map.of(), false);
		Identity k2 = new Identity("k2", null, null, null, Set.of(), null, null, Map.of(), false);

		call(tenant, request(), k1, b -> {
		});
		Call other = call(tenant, request(), k2, b -> {
		});
		Call same = call(tenant, request(), k1, b -> {
		});

		assertThat(other.headers().getFirst("x-cache")).isEqualTo("MISS");
		assertThat(same.headers().getFirst("x-cache")).isEqualTo("HIT");

		GatewayFilter shared = filter(properties(true, false),
				new LlmCacheGatewayFilterFactory.Config().setNamespace(NamespaceMode.SHARED));
		call(shared, request(), k1, b -> {
		});
		assertThat(call(shared, request(), k2, b -> {
		}).headers().getFirst("x-cache")).isEqualTo("HIT");
	}

	@Test
	void noCacheSkipsTheLookupButStores() {
		GatewayFilter filter = filter();
		call(filter, request());

		Call fresh = call(filter, request(), Identity.ANONYMOUS, b -> b.header(HttpHeaders.CACHE_CONTROL, "no-cache"));

		assertThat(fresh.chainCalls()).isEqualTo(1);
		assertThat(fresh.headers().getFirst("x-cache")).isEqualTo("MISS");
		assertThat(cache.puts).hasSize(2);
	}

	@Test
	void noStoreLooksUpButDoesNotStore() {
		GatewayFilter filter = filter();

		Call first = call(filter, request(), Identity.ANONYMOUS, b -> b.header(HttpHeaders.CACHE_CONTROL, "no-store"));
		ChatRequest bodyNoStore = request();
		bodyNoStore.extra().put("cache", mapper.readTree("{\"no-store\":true}"));
		call(filter, bodyNoStore);

		assertThat(first.chainCalls()).isEqualTo(1);
		assertThat(first.llm().retainResponseRequested()).isFalse();
		assertThat(cache.puts).isEmpty();
		call(filter, request());
		assertThat(call(filter, request(), Identity.ANONYMOUS, b -> b.header(HttpHeaders.CACHE_CONTROL, "no-store"))
			.headers()
			.getFirst("x-cache")).isEqualTo("HIT");
	}

	@Test
	void maxAgeAndSMaxageRefuseOlderEntries() {
		GatewayFilter filter = filter();
		Call first = call(filter, request());
		String id = "anon:" + first.headers().getFirst("x-cache-key");
		CachedAnswer stored = cache.get(id).block();
		cache.put(id, new CachedAnswer(stored.response(), System.currentTimeMillis() - 120_000, stored.size()),
				new byte[0], Duration.ofMinutes(10)).block();

		Call tooOld = call(filter, request(), Identity.ANONYMOUS,
				b -> b.header(HttpHeaders.CACHE_CONTROL, "max-age=60"));
		cache.put(id, new CachedAnswer(stored.response(), System.currentTimeMillis() - 120_000, stored.size()),
				new byte[0], Duration.ofMinutes(10)).block();
		ChatRequest sMaxage = request();
		sMaxage.extra().put("cache", mapper.readTree("{\"s-maxage\":60}"));
		Call tooOldForBody = call(filter, sMaxage);
		cache.put(id, new CachedAnswer(stored.response(), System.currentTimeMillis() - 120_000, stored.size()),
				new byte[0], Duration.ofMinutes(10)).block();
		Call fresh = call(filter, request(), Identity.ANONYMOUS,
				b -> b.header(HttpHeaders.CACHE_CONTROL, "max-age=600"));

		assertThat(tooOld.headers().getFirst("x-cache")).isEqualTo("MISS");
		assertThat(tooOldForBody.headers().getFirst("x-cache")).isEqualTo("MISS");
		assertThat(fresh.headers().getFirst("x-cache")).isEqualTo("HIT");
		assertThat(Long.parseLong(fresh.headers().getFirst(HttpHeaders.AGE))).isBetween(119L, 130L);
	}

	@Test
	void ttlComesFromTheBodyThenTheRouteThenTheDefault() {
		GatewayFilter routeTtl = filter(properties(true, false),
				new LlmCacheGatewayFilterFactory.Config().setTtl(Duration.ofMinutes(3)));
		call(filter(), request());
		call(routeTtl, request().maxTokens(1));
		ChatRequest bodyTtl = request().maxTokens(2);
		bodyTtl.extra().put("cache", mapper.readTree("{\"ttl\":42}"));
		call(routeTtl, bodyTtl);

		assertThat(cache.ttls).containsExactly(Duration.ofMinutes(10), Duration.ofMinutes(3), Duration.ofSeconds(42));
		assertThat(bodyTtl.extra()).doesNotContainKey("cache");
	}

	@Test
	void aBodyNamespaceIsASeparateNamespaceOfTheSameTenant() {
		GatewayFilter filter = filter();
		ChatRequest inRun = request();
		inRun.extra().put("cache", mapper.readTree("{\"namespace\":\"run-1\"}"));
		call(filter, inRun);

		assertThat(call(filter, request()).headers().getFirst("x-cache")).isEqualTo("MISS");
		assertThat(cache.ids).containsExactly(
				"anon/run-1:" + new RequestFingerprint(mapper, Map.of()).hash(request(), "gpt-4o"),
				"anon:" + new RequestFingerprint(mapper, Map.of()).hash(request(), "gpt-4o"));
	}

	@Test
	void entriesLargerThanTheRouteMaximumAreServedNotStored() {
		GatewayFilter tiny = filter(properties(true, false),
				new LlmCacheGatewayFilterFactory.Config().setMaxEntrySize(org.springframework.util.unit.DataSize.ofBytes(10)));

		Call a = call(tiny, request());

		assertThat(a.chainCalls()).isEqualTo(1);
		assertThat(cache.puts).isEmpty();
	}

	@Test
	void positiveTemperatureBypassesTheCacheWhenTheOperatorSaysSo() {
		GatewayFilter strict = filter(properties(true, true), new LlmCacheGatewayFilterFactory.Config());

		Call warm = call(strict, request().temperature(0.7));
		Call unset = call(strict, request().temperature(null));
		call(strict, request());

		assertThat(warm.llm().cacheStatus()).isEqualTo(CacheStatus.BYPASS);
		assertThat(warm.llm().retainResponseRequested()).isFalse();
		assertThat(unset.llm().cacheStatus()).isEqualTo(CacheStatus.BYPASS);
		assertThat(cache.puts).hasSize(1);
		assertThat(call(strict, request().temperature(0.7)).chainCalls()).isEqualTo(1);
	}

	@Test
	void severalChoicesBypassTheCache() {
		GatewayFilter filter = filter();

		assertThat(call(filter, request().n(3)).llm().cacheStatus()).isEqualTo(CacheStatus.BYPASS);
		assertThat(cache.puts).isEmpty();
	}

	@Test
	void anAnswerTheClientCodecCannotEncodeIsAMiss() {
		GatewayFilter filter = filter();
		call(filter, request());
		clientCodec = new FakeClientCodec(true);

		Call second = call(filter, request());

		assertThat(second.chainCalls()).isEqualTo(1);
		assertThat(second.headers().getFirst("x-cache")).isEqualTo("MISS");
		assertThat(second.llm().cacheStatus()).isEqualTo(CacheStatus.MISS);
	}

	@Test
	void withoutAnLlmContextTheFilterStepsAside() {
		MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/other"));
		AtomicInteger calls = new AtomicInteger();

		filter().filter(exchange, ex -> {
			calls.incrementAndGet();
			return Mono.empty();
		}).block();

		assertThat(calls).hasValue(1);
	}

	/** Counts stores and their TTLs. */
	static final class RecordingCache implements ResponseCache {

		private final ResponseCache delegate;

		final List<String> puts = new ArrayList<>();

		final List<String> ids = new ArrayList<>();

		final List<Duration> ttls = new ArrayList<>();

		RecordingCache(ResponseCache delegate) {
			this.delegate = delegate;
		}

		@Override
		public Mono<CachedAnswer> get(String id) {
			return delegate.get(id);
		}

		@Override
		public Mono<Void> put(String id, CachedAnswer answer, byte[] json, Duration ttl) {
			if (json.length > 0) {
				puts.add(id);
				ids.add(id);
				ttls.add(ttl);
			}
			return delegate.put(id, answer, json, ttl);
		}

		@Override
		public Mono<Long> evict(Collection<String> idsOrHashes) {
			return delegate.evict(idsOrHashes);
		}

		@Override
		public Mono<Long> evictNamespace(String namespace) {
			return delegate.evictNamespace(namespace);
		}

		@Override
		public Mono<Long> clear() {
			return delegate.clear();
		}

		@Override
		public Mono<Map<String, Object>> ping() {
			return delegate.ping();
		}

		@Override
		public String backendName() {
			return delegate.backendName();
		}
	}
}

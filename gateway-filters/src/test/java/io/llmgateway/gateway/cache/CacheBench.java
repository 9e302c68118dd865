package io.llmgateway.gateway.cache;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

import io.netty.handler.codec.http.HttpHeaderNames;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

/**
 * Hit latency and throughput of the response cache through the whole route, compared with the bare pass-through
 * route serving the same answer from a loopback upstream that answers instantly. Not a test: run it with
 * {@code bench/cache-bench.sh}. Closed loop: {@code concurrency} connections, each sending its next request when the
 * previous answer arrived, for {@code seconds} after a warm-up; latencies in a 10 µs histogram.
 * <p>
 * Arguments: {@code seconds concurrency...} (default {@code 12 1 16}); the scenarios run interleaved in 2 s slices. Environment: {@code BENCH_REDIS=false} skips the
 * Redis backend.
 */
public final class CacheBench {

	private static final String ANSWER = "{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion\",\"created\":1700000000,"
			+ "\"model\":\"gpt-4o-2024-08-06\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":"
			+ "\"The capital of France is Paris. It has been the capital since the 10th century and is the largest city "
			+ "of the country.\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":24,\"completion_tokens\":26,"
			+ "\"total_tokens\":50}}";

	private static final String REQUEST = "{\"model\":\"gpt-4o\",\"temperature\":0,\"messages\":["
			+ "{\"role\":\"system\",\"content\":\"You are a concise geography assistant.\"},"
			+ "{\"role\":\"user\",\"content\":\"What is the capital of France, and since when?\"}]}";

	private static final String STREAM_REQUEST = REQUEST.replace("{\"model\":\"gpt-4o\",",
			"{\"model\":\"gpt-4o\",\"stream\":true,");

	public static void main(String[] args) {
		int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 12;
		List<Integer> levels = new ArrayList<>();
		for (int i = 1; i < args.length; i++) {
			levels.add(Integer.parseInt(args[i]));
		}
		if (levels.isEmpty()) {
			levels = List.of(1, 16);
		}
		boolean redis = !"false".equalsIgnoreCase(System.getenv("BENCH_REDIS"));

		// Own event loops: closing a gateway context disposes the global reactor-netty resources.
		LoopResources loops = LoopResources.create("bench", 2, true);
		DisposableServer upstream = HttpServer.create()
			.runOn(loops)
			.host("127.0.0.1")
			.port(0)
			.handle((req, res) -> req.receive()
				.then(res.header(HttpHeaderNames.CONTENT_TYPE, "application/json")
					.sendString(Mono.just(ANSWER))
					.then()))
			.bindNow();
		String apiBase = "http://127.0.0.1:" + upstream.port() + "/v1";
		String prefix = "bench:cache:" + UUID.randomUUID() + ":";

		ConfigurableApplicationContext local = gateway(apiBase, "local", prefix);
		ConfigurableApplicationContext shared = redis ? gateway(apiBase, "redis", prefix) : null;
		String localBase = "http://127.0.0.1:" + local.getEnvironment().getProperty("local.server.port");
		List<Scenario> scenarios = new ArrayList<>(List.of(
				new Scenario("pass-through (no cache)", localBase + "/plain/v1/chat/completions", REQUEST, null),
				new Scenario("caffeine hit", localBase + "/v1/chat/completions", REQUEST, "HIT"),
				new Scenario("caffeine hit, streamed (SSE)", localBase + "/v1/chat/completions", STREAM_REQUEST,
						"HIT")));
		if (shared != null) {
			String redisBase = "http://127.0.0.1:" + shared.getEnvironment().getProperty("local.server.port");
			scenarios.add(new Scenario("redis hit", redisBase + "/v1/chat/completions", REQUEST, "HIT"));
		}

		System.out.printf(Locale.ROOT, "%-30s %5s %10s %9s %9s %9s %9s%n", "scenario", "conc", "req/s", "p50 ms",
				"p90 ms", "p99 ms", "max ms");
		// Scenarios are interleaved in short slices so that load from other processes spreads over all of them.
		int rounds = Math.max(1, seconds / 2);
		for (int c : levels) {
			ConnectionProvider pool = ConnectionProvider.builder("bench").maxConnections(c).build();
			HttpClient client = HttpClient.create(pool)
				.runOn(loops)
				.headers(h -> h.set("Authorization", "Bearer key-bench").set("Content-Type", "application/json"));
			for (Scenario s : scenarios) {
				s.reset();
				// warm-up, which also stores the answers the hits are served from
				load(client, s, c, Duration.ofSeconds(2), new Histogram());
			}
			for (int r = 0; r < rounds; r++) {
				for (Scenario s : scenarios) {
					long t0 = System.nanoTime();
					load(client, s, c, Duration.ofMillis(seconds * 1000L / rounds), s.histogram);
					s.nanos += System.nanoTime() - t0;
				}
			}
			for (Scenario s : scenarios) {
				Histogram h = s.histogram;
				System.out.printf(Locale.ROOT, "%-30s %5d %10.0f %9.3f %9.3f %9.3f %9.3f%s%n", s.name, c,
						h.count() / (s.nanos / 1e9), h.percentileMillis(50), h.percentileMillis(90),
						h.percentileMillis(99), h.maxMillis(),
						h.unexpected.get() > 0 ? "  (" + h.unexpected.get() + " unexpected answers)" : "");
			}
			pool.disposeLater().block();
		}
		if (shared != null) {
			shared.getBean(org.redisson.api.RedissonClient.class).getKeys().deleteByPattern(prefix + "*");
			shared.close();
		}
		local.close();
		upstream.disposeNow();
		loops.disposeLater().block();
	}

	/** One measured case; its histogram accumulates over the rounds of one concurrency level. */
	private static final class Scenario {

		final String name;

		final String url;

		final byte[] body;

		final String expectCache;

		Histogram histogram = new Histogram();

		long nanos;

		Scenario(String name, String url, String body, String expectCache) {
			this.name = name;
			this.url = url;
			this.body = body.getBytes(StandardCharsets.UTF_8);
			this.expectCache = expectCache;
		}

		void reset() {
			histogram = new Histogram();
			nanos = 0;
		}
	}

	private static ConfigurableApplicationContext gateway(String apiBase, String backend, String prefix) {
		Map<String, Object> p = CacheTestApp.properties(apiBase);
		String routes = "spring.cloud.gateway.server.webflux.routes";
		p.put(routes + "[2].id", "plain");
		p.put(routes + "[2].uri", "http://unused.invalid");
		p.put(routes + "[2].predicates[0]", "Path=/plain/v1/chat/completions");
		p.put(routes + "[2].filters[0]", "LlmModel");
		p.put(routes + "[2].filters[1]", "LlmTranslate");
		p.put("llm.cache.backend", backend);
		p.put("llm.cache.redis.key-prefix", prefix);
		p.put("server.port", "0");
		p.put("logging.level.root", "WARN");
		p.put("spring.main.banner-mode", "off");
		return new SpringApplicationBuilder(CacheTestApp.class).properties(p).run();
	}

	private static void load(HttpClient client, Scenario s, int concurrency, Duration duration, Histogram histogram) {
		long end = System.nanoTime() + duration.toNanos();
		Flux.range(0, concurrency).flatMap(i -> Mono.defer(() -> {
			long t0 = System.nanoTime();
			return client.post()
				.uri(s.url)
				.send(Mono.fromSupplier(() -> io.netty.buffer.Unpooled.wrappedBuffer(s.body)))
				.responseSingle((res, content) -> content.asByteArray().defaultIfEmpty(new byte[0]).doOnNext(b -> {
					histogram.record(System.nanoTime() - t0);
					boolean ok = res.status().code() == 200
							&& (s.expectCache == null || s.expectCache.equals(res.responseHeaders().get("x-cache")));
					if (!ok) {
						histogram.unexpected.incrementAndGet();
					}
				}));
		}).repeat(() -> System.nanoTime() < end), concurrency).blockLast();
	}

	/** Latencies in 10 µs buckets up to 10 s. */
	static final class Histogram {

		private static final int BUCKET_NANOS = 10_000;

		private final AtomicLongArray buckets = new AtomicLongArray(1_000_000);

		private final AtomicLong count = new AtomicLong();

		private final AtomicLong max = new AtomicLong();

		final AtomicLong unexpected = new AtomicLong();

		void record(long nanos) {
			buckets.incrementAndGet((int) Math.min(buckets.length() - 1, nanos / BUCKET_NANOS));
			count.incrementAndGet();
			max.accumulateAndGet(nanos, Math::max);
		}

		long count() {
			return count.get();
		}

		double percentileMillis(double p) {
			long target = (long) Math.ceil(count.get() * p / 100.0);
			long seen = 0;
			for (int i = 0; i < buckets.length(); i++) {
				seen += buckets.get(i);
				if (seen >= target && seen > 0) {
					return (i + 1) * BUCKET_NANOS / 1e6;
				}
			}
			return 0;
		}

		double maxMillis() {
			return max.get() / 1e6;
		}
	}
}

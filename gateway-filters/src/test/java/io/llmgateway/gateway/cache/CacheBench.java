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

/**
 * Hit latency and throughput of the response cache through the whole route, compared with the bare pass-through
 * route serving the same answer from a loopback upstream that answers instantly. Not a test: run it with
 * {@code bench/cache-bench.sh}. Closed loop: {@code concurrency} connections, each sending its next request when the
 * previous answer arrived, for {@code seconds} after a warm-up; latencies in a 10 µs histogram.
 * <p>
 * Arguments: {@code seconds concurrency...} (default {@code 10 1 32}). Environment: {@code BENCH_REDIS=false} skips the
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
		int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
		List<Integer> levels = new ArrayList<>();
		for (int i = 1; i < args.length; i++) {
			levels.add(Integer.parseInt(args[i]));
		}
		if (levels.isEmpty()) {
			levels = List.of(1, 32);
		}
		boolean redis = !"false".equalsIgnoreCase(System.getenv("BENCH_REDIS"));

		DisposableServer upstream = HttpServer.create()
			.host("127.0.0.1")
			.port(0)
			.handle((req, res) -> req.receive()
				.then(res.header(HttpHeaderNames.CONTENT_TYPE, "application/json")
					.sendString(Mono.just(ANSWER))
					.then()))
			.bindNow();
		String apiBase = "http://127.0.0.1:" + upstream.port() + "/v1";
		String prefix = "bench:cache:" + UUID.randomUUID() + ":";

		System.out.printf(Locale.ROOT, "%-34s %5s %10s %9s %9s %9s %9s%n", "scenario", "conc", "req/s", "p50 ms",
				"p90 ms", "p99 ms", "max ms");
		try (ConfigurableApplicationContext local = gateway(apiBase, "local", prefix)) {
			String base = "http://127.0.0.1:" + local.getEnvironment().getProperty("local.server.port");
			for (int c : levels) {
				run("pass-through (no cache)", base + "/plain/v1/chat/completions", REQUEST, c, seconds, null);
				run("caffeine hit", base + "/v1/chat/completions", REQUEST, c, seconds, "HIT");
				run("caffeine hit, streamed (SSE)", base + "/v1/chat/completions", STREAM_REQUEST, c, seconds, "HIT");
			}
		}
		if (redis) {
			try (ConfigurableApplicationContext shared = gateway(apiBase, "redis", prefix)) {
				String base = "http://127.0.0.1:" + shared.getEnvironment().getProperty("local.server.port");
				for (int c : levels) {
					run("redis hit", base + "/v1/chat/completions", REQUEST, c, seconds, "HIT");
				}
				shared.getBean(org.redisson.api.RedissonClient.class).getKeys().deleteByPattern(prefix + "*");
			}
		}
		upstream.disposeNow();
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

	private static void run(String name, String url, String body, int concurrency, int seconds, String expectCache) {
		ConnectionProvider pool = ConnectionProvider.builder("bench").maxConnections(concurrency).build();
		HttpClient client = HttpClient.create(pool)
			.headers(h -> h.set("Authorization", "Bearer key-bench").set("Content-Type", "application/json"));
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		// warm-up (also fills the cache), then the measured run
		load(client, url, bytes, concurrency, Duration.ofSeconds(Math.max(2, seconds / 3)), expectCache, new Histogram());
		Histogram h = new Histogram();
		long start = System.nanoTime();
		load(client, url, bytes, concurrency, Duration.ofSeconds(seconds), expectCache, h);
		double elapsed = (System.nanoTime() - start) / 1e9;
		System.out.printf(Locale.ROOT, "%-34s %5d %10.0f %9.3f %9.3f %9.3f %9.3f%s%n", name, concurrency,
				h.count() / elapsed, h.percentileMillis(50), h.percentileMillis(90), h.percentileMillis(99),
				h.maxMillis(), h.unexpected.get() > 0 ? "  (" + h.unexpected.get() + " unexpected answers)" : "");
		pool.disposeLater().block();
	}

	private static void load(HttpClient client, String url, byte[] body, int concurrency, Duration duration,
			String expectCache, Histogram histogram) {
		long end = System.nanoTime() + duration.toNanos();
		Flux.range(0, concurrency).flatMap(i -> Mono.defer(() -> {
			long t0 = System.nanoTime();
			return client.post()
				.uri(url)
				.send(Mono.fromSupplier(() -> io.netty.buffer.Unpooled.wrappedBuffer(body)))
				.responseSingle((res, content) -> content.asByteArray().defaultIfEmpty(new byte[0]).doOnNext(b -> {
					histogram.record(System.nanoTime() - t0);
					boolean ok = res.status().code() == 200
							&& (expectCache == null || expectCache.equals(res.responseHeaders().get("x-cache")));
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

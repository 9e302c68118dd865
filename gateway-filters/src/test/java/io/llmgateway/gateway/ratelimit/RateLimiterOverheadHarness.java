package io.llmgateway.gateway.ratelimit;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import io.llmgateway.gateway.core.Completion;
import io.llmgateway.gateway.core.LlmExchange;
import io.llmgateway.gateway.core.TokenEstimator;
import io.llmgateway.translate.Protocol;
import io.llmgateway.translate.model.Usage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.client.protocol.RedisCommands;

/**
 * Limiter overhead per admission, run by hand (not a test): in memory and on the local Redis. Prints nanoseconds per
 * operation and, for Redis, the round trips per admission and per reconciliation counted by Redis itself
 * ({@code INFO commandstats}).
 * <pre>
 * mvn -o -q -pl gateway-filters test-compile
 * java -cp "gateway-filters/target/test-classes:gateway-filters/target/classes:$(cat /tmp/cp.txt)" \
 *   io.llmgateway.gateway.ratelimit.RateLimiterOverheadHarness
 * </pre>
 */
public final class RateLimiterOverheadHarness {

	private RateLimiterOverheadHarness() {
	}

	public static void main(String[] args) {
		int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 2_000_000;
		local(iterations);
		redis(Math.max(2_000, iterations / 200));
		System.exit(0);
	}

	private static void local(int iterations) {
		LocalRateLimitBackend backend = new LocalRateLimitBackend(100_000);
		BucketLimit rpm = BucketLimit.of("rpm", "key=k", BucketLimit.Unit.REQUESTS, 1_000_000_000L,
				Duration.ofMinutes(1));
		BucketLimit tpm = BucketLimit.of("tpm", "key=k", BucketLimit.Unit.TOKENS, 1_000_000_000L,
				Duration.ofMinutes(1));
		ConcurrencyLimit slot = ConcurrencyLimit.of("key=k", 1_000);
		List<BucketLimit> buckets = List.of(rpm, tpm);
		var request = new RateLimitBackend.AcquireRequest(buckets, new long[] { 1, 500 }, List.of(slot), List.of());
		long[] deltas = { 0, -200 };
		List<ConcurrencyLimit> slots = List.of(slot);
		for (int round = 0; round < 3; round++) {
			long start = System.nanoTime();
			for (int i = 0; i < iterations; i++) {
				backend.acquireNow(request);
				backend.adjustNow(buckets, deltas, slots);
			}
			long ns = (System.nanoTime() - start) / iterations;
			System.out.printf("local backend: acquire + reconcile (rpm + tpm + max-parallel): %d ns%n", ns);
		}

		// the whole path: plan (dimension resolution, token estimate with jtokkit), admit, reconcile
		TokenRateLimiter limiter = new TokenRateLimiter(RateLimitProperties.defaults(), backend, TokenEstimator.standard(),
				new SimpleMeterRegistry());
		List<LimitSpec> specs = List.of(new LimitSpec("key", 1_000_000_000L, null, 1_000_000_000L, null, 1000));
		LlmExchange llm = TestLlm.llm(Protocol.OPENAI,
				TestLlm.request("gpt-4o", "Summarise the following paragraph in one sentence, please.", 200),
				TestLlm.key("k"));
		llm.usage(new Usage(20, 40, 0, 0, 0));
		int n = iterations / 4;
		for (int round = 0; round < 3; round++) {
			long start = System.nanoTime();
			long sink = 0;
			for (int i = 0; i < n; i++) {
				sink += limiter.estimator().estimatePrompt(llm.request(), "gpt-4o");
			}
			System.out.printf("token estimate (jtokkit, %d-char prompt): %d ns%n",
					llm.request().messages().get(0).joinedText().length(), (System.nanoTime() - start) / n + sink * 0);
			start = System.nanoTime();
			for (int i = 0; i < n; i++) {
				sink += limiter.plan(llm, specs, null, null).costs().length;
			}
			System.out.printf("plan (scopes, prompt count cached on the context): %d ns%n", (System.nanoTime() - start) / n + sink * 0);
		}
		for (int round = 0; round < 3; round++) {
			long start = System.nanoTime();
			for (int i = 0; i < n; i++) {
				// a fresh context per request, as in production: the prompt is counted every time
				llm.attributes().remove(TokenEstimator.PROMPT_TOKENS_ATTRIBUTE);
				RateLimitPlan plan = limiter.plan(llm, specs, null, null);
				RateLimitDecision d = limiter.admit(plan).block();
				limiter.reconcile(d.reservation(), llm).block();
			}
			long ns = (System.nanoTime() - start) / n;
			System.out.printf("local limiter, whole path: plan (incl. jtokkit count) + admit + reconcile: %d ns%n", ns);
			start = System.nanoTime();
			for (int i = 0; i < n; i++) {
				RateLimitPlan plan = limiter.plan(llm, specs, null, null);
				RateLimitDecision d = limiter.admit(plan).block();
				limiter.reconcile(d.reservation(), llm).block();
			}
			ns = (System.nanoTime() - start) / n;
			System.out.printf("local limiter, prompt already counted: plan + admit + reconcile: %d ns%n", ns);
		}
	}

	private static void redis(int iterations) {
		RedissonClient client = RedisRateLimitBackendTests.client(6379, 2000);
		String prefix = "llm:rl:bench:" + UUID.randomUUID() + ":";
		RedisRateLimitBackend backend = new RedisRateLimitBackend(client, prefix, Duration.ofMinutes(1));
		BucketLimit rpm = BucketLimit.of("rpm", "key=k", BucketLimit.Unit.REQUESTS, 1L << 40, Duration.ofMinutes(1));
		BucketLimit tpm = BucketLimit.of("tpm", "key=k", BucketLimit.Unit.TOKENS, 1L << 40, Duration.ofMinutes(1));
		BucketLimit tpd = BucketLimit.of("tpd", "team=t", BucketLimit.Unit.TOKENS, 1L << 40, Duration.ofDays(1));
		ConcurrencyLimit slot = ConcurrencyLimit.of("key=k", 100_000);
		List<BucketLimit> buckets = List.of(rpm, tpm, tpd);
		var request = new RateLimitBackend.AcquireRequest(buckets, new long[] { 1, 500, 500 }, List.of(slot),
				List.of());
		long[] deltas = { 0, -200, -200 };
		for (int i = 0; i < 500; i++) {
			backend.acquire(request).block();
			backend.adjust(buckets, deltas, List.of(slot)).block();
		}
		for (int round = 0; round < 3; round++) {
			long before = evalCalls(client);
			long acquireNanos = 0;
			long adjustNanos = 0;
			for (int i = 0; i < iterations; i++) {
				long t0 = System.nanoTime();
				backend.acquire(request).block();
				long t1 = System.nanoTime();
				backend.adjust(buckets, deltas, List.of(slot)).block();
				acquireNanos += t1 - t0;
				adjustNanos += System.nanoTime() - t1;
			}
			long calls = evalCalls(client) - before - 1;
			System.out.printf(
					"redis backend (3 buckets + 1 slot): acquire %d us, reconcile %d us; Redis commands per request: %.2f (%d EVALSHA for %d admissions + %d reconciliations)%n",
					acquireNanos / iterations / 1000, adjustNanos / iterations / 1000, (double) calls / iterations,
					calls, iterations, iterations);
		}
		client.getKeys().deleteByPattern(prefix + "*");
		client.shutdown();
	}

	/** EVALSHA + EVAL calls Redis has executed (INFO commandstats). */
	private static long evalCalls(RedissonClient client) {
		String info = client.getScript(StringCodec.INSTANCE)
			.eval(org.redisson.api.RScript.Mode.READ_ONLY, "return redis.call('INFO', 'commandstats')",
					org.redisson.api.RScript.ReturnType.VALUE);
		long total = 0;
		for (String line : info.split("\r?\n")) {
			if (line.startsWith("cmdstat_evalsha:") || line.startsWith("cmdstat_eval:")) {
				String calls = line.substring(line.indexOf("calls=") + 6, line.indexOf(','));
				total += Long.parseLong(calls);
			}
		}
		return total;
	}
}

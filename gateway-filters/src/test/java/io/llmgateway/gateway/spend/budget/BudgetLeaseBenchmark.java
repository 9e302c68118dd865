package io.llmgateway.gateway.spend.budget;

import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import io.llmgateway.gateway.core.Identity;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Does the Redis budget store's lease design pay? (run by {@code bench/budget-lease.sh}, not by the test suite.) The
 * budget path alone, without HTTP: {@code CONCURRENCY} requests in flight at all times, each admitted against one
 * hard budget (the same caller, so all contend on one account, as on the bench route), then settled, through a
 * {@link BudgetTracker} over a {@link RedisBudgetStore} with leases ({@code lease-requests} 32) and without
 * ({@code lease-requests} 0: one script per admission). Settlement is group-committed in both. Rounds alternate;
 * per round it prints requests/s, process CPU per request and Redis round trips per request.
 * <p>
 * Arguments: {@code ROUNDS SECONDS CONCURRENCY} (default 3 10 32).
 */
public final class BudgetLeaseBenchmark {

	private BudgetLeaseBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
		int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
		int concurrency = args.length > 2 ? Integer.parseInt(args[2]) : 32;
		String prefix = "llm:budget:lease-bench:" + UUID.randomUUID() + ":";
		Config config = new Config();
		config.useSingleServer().setAddress("redis://127.0.0.1:6379").setTimeout(30_000);
		RedissonClient redis = Redisson.create(config);
		try {
			Map<String, Long> modes = Map.of("leases", 32L, "per-request", 0L);
			List<String> order = List.of("leases", "per-request");
			Map<String, Setup> setups = new java.util.HashMap<>();
			for (String mode : order) {
				setups.put(mode, new Setup(redis, prefix + mode + ":", modes.get(mode)));
				run(setups.get(mode), Math.max(2, seconds / 2), concurrency, null);
			}
			for (int r = 1; r <= rounds; r++) {
				for (String mode : order) {
					run(setups.get(mode), seconds, concurrency, "round " + r + " " + mode);
				}
			}
			setups.values().forEach(s -> s.store.close());
		}
		finally {
			redis.getKeys().deleteByPattern(prefix + "*");
			redis.shutdown();
		}
		System.exit(0);
	}

	private record Setup(RedisBudgetStore store, BudgetTracker tracker, Identity caller) {

		Setup(RedissonClient redis, String prefix, long leaseRequests) {
			this(new RedisBudgetStore(redis, prefix, Duration.ofMinutes(10), leaseRequests, Duration.ofSeconds(1),
					Clock.systemUTC()));
		}

		Setup(RedisBudgetStore store) {
			this(store, new BudgetTracker(List.of(), new BigDecimal("0.8"), Clock.systemUTC(), alert -> {
			}, store, new BudgetTracker.StorePolicy(Duration.ofSeconds(30), false, null)),
					new Identity("bench-key", null, null, null, Set.of(), null,
							new Identity.Budget(new BigDecimal("1000000"), null, "daily"), Map.of(), false));
		}
	}

	private static void run(Setup s, int seconds, int concurrency, String label) {
		com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory
			.getOperatingSystemMXBean();
		BigDecimal estimate = new BigDecimal("0.00033");
		BigDecimal cost = new BigDecimal("0.00012");
		AtomicLong done = new AtomicLong();
		AtomicLong refused = new AtomicLong();
		AtomicLong ids = new AtomicLong();
		long end = System.nanoTime() + seconds * 1_000_000_000L;
		long calls0 = s.store.roundTrips();
		long cpu0 = os.getProcessCpuTime();
		long start = System.nanoTime();
		List<Mono<Void>> workers = new ArrayList<>(concurrency);
		for (int w = 0; w < concurrency; w++) {
			Mono<Void> one = Mono.defer(() -> {
				String id = "r" + ids.incrementAndGet();
				return s.tracker.admit(s.caller, null, id, () -> estimate, null).flatMap(d -> {
					if (!d.isAdmitted()) {
						refused.incrementAndGet();
						return Mono.empty();
					}
					return s.tracker.settle(d.hold(), s.caller, null, cost, id);
				}).doFinally(x -> done.incrementAndGet());
			});
			workers.add(one.repeat(() -> System.nanoTime() < end).then());
		}
		Flux.merge(workers).blockLast(Duration.ofSeconds(seconds + 120L));
		double elapsed = (System.nanoTime() - start) / 1e9;
		long n = done.get();
		long cpu = os.getProcessCpuTime() - cpu0;
		long calls = s.store.roundTrips() - calls0;
		if (label != null) {
			System.out.printf("lease-bench %-22s %8.0f req/s  %7.1f us CPU/req  %6.3f Redis calls/req  (%d requests, %d refused)%n",
					label, n / elapsed, cpu / 1000.0 / n, (double) calls / n, n, refused.get());
		}
	}
}

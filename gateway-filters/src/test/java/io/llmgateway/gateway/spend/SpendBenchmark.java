package io.llmgateway.gateway.spend;

import io.llmgateway.gateway.support.PostgresSchema;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;

import com.zaxxer.hikari.HikariDataSource;
import io.llmgateway.gateway.core.Completion;
import io.llmgateway.gateway.core.Deployment;
import io.llmgateway.gateway.core.Identity;
import io.llmgateway.gateway.core.LlmExchange;
import io.llmgateway.gateway.core.ModelGroup;
import io.llmgateway.gateway.ratelimit.TokenEstimator;
import io.llmgateway.gateway.store.LlmDatabase;
import io.llmgateway.translate.Protocol;
import io.llmgateway.translate.model.ChatRequest;
import io.llmgateway.translate.model.Message;
import io.llmgateway.translate.model.Role;
import io.llmgateway.translate.model.Usage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Spend benchmarks (run by {@code bench/spend.sh}, not by the test suite):
 * <ul>
 * <li>{@code ledger h2|postgres ROWS}: sustained rows/s from enqueue to committed in the database;</li>
 * <li>{@code filter ITERATIONS}: nanoseconds the LlmSpend filter and its completion listener add per request;</li>
 * <li>{@code journal RATE SECONDS}: what the write-ahead journal costs per row at RATE rows/s (0: as fast as
 * possible), with fsync on each group commit and without: CPU of the writer thread, time of the request thread's
 * enqueue, group commits per second, bytes per row.</li>
 * </ul>
 */
public final class SpendBenchmark {

	private SpendBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		String mode = args.length > 0 ? args[0] : "ledger";
		if (mode.equals("journal")) {
			int rate = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
			int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
			journal(rate, seconds, true);
			journal(rate, seconds, false);
			journal(rate, seconds, true);
			journal(rate, seconds, false);
		}
		else if (mode.equals("rate")) {
			rate(args.length > 1 ? args[1] : "h2", args.length > 2 ? Integer.parseInt(args[2]) : 1000,
					args.length > 3 ? Integer.parseInt(args[3]) : 20);
		}
		else if (mode.equals("filter")) {
			filter(args.length > 1 ? Integer.parseInt(args[1]) : 2_000_000);
		}
		else {
			ledger(args.length > 1 ? args[1] : "h2", args.length > 2 ? Integer.parseInt(args[2]) : 200_000);
		}
		System.exit(0);
	}

	static void ledger(String target, int rows) throws Exception {
		HikariDataSource ds = new HikariDataSource();
		PostgresSchema schema = null;
		Path tmp = Files.createTempDirectory("spend-bench");
		if (target.equals("postgres")) {
			schema = new PostgresSchema("spend_bench");
			ds.setJdbcUrl(schema.url());
			ds.setUsername(PostgresSchema.USER);
		}
		else {
			ds.setJdbcUrl("jdbc:h2:file:" + tmp.resolve("db") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE");
			ds.setUsername("sa");
		}
		ds.setMaximumPoolSize(2);
		LlmDatabase db = new LlmDatabase(ds, Executors.newSingleThreadExecutor());
		db.migrate();
		SpendLedger ledger = new SpendLedger(db, tmp.resolve("journal"), SpendLedger.Settings.of(500, 100_000,
				Duration.ofMillis(200), Duration.ofSeconds(60)));
		ledger.start();
		// warm-up
		for (int i = 0; i < 20_000; i++) {
			ledger.enqueue(SpendRows.row("w" + i, "0.000123", "k" + (i % 50), "t" + (i % 5)));
		}
		while (ledger.written() < 20_000) {
			Thread.sleep(5);
		}
		long start = System.nanoTime();
		for (int i = 0; i < rows; i++) {
			while (ledger.buffered() > 90_000) {
				Thread.onSpinWait();
			}
			ledger.enqueue(SpendRows.row("r" + i + "-" + UUID.randomUUID(), "0.000123", "k" + (i % 50), "t" + (i % 5)));
		}
		while (ledger.written() < 20_000L + rows) {
			Thread.sleep(1);
		}
		double seconds = (System.nanoTime() - start) / 1e9;
		System.out.printf("ledger %s: %d rows in %.2f s = %.0f rows/s (batch 500, dropped %d)%n", target, rows, seconds,
				rows / seconds, ledger.dropped());
		ledger.close();
		ds.close();
		if (schema != null) {
			schema.close();
		}
	}

	/**
	 * The whole ledger (journal, shipper, database) at a steady request rate, as a gateway runs it: CPU of the whole
	 * process and bytes allocated by every thread, less the generator thread's own, per row. The rows look like the
	 * gateway's (random request and entry ids, a few keys and teams).
	 */
	static void rate(String target, int rate, int seconds) throws Exception {
		HikariDataSource ds = new HikariDataSource();
		Path tmp = Files.createTempDirectory("spend-rate");
		PostgresSchema schema = null;
		if (target.equals("postgres")) {
			schema = new PostgresSchema("spend_rate");
			ds.setJdbcUrl(schema.url());
			ds.setUsername(PostgresSchema.USER);
		}
		else {
			ds.setJdbcUrl("jdbc:h2:file:" + tmp.resolve("db") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE"
					+ System.getProperty("bench.url-suffix", ""));
			ds.setUsername("sa");
		}
		ds.setMaximumPoolSize(3);
		LlmDatabase db = new LlmDatabase(ds, Executors.newSingleThreadExecutor());
		db.migrate();
		for (String sql : System.getProperty("bench.after-migrate", "").split(";")) {
			if (!sql.isBlank()) {
				db.jdbc().execute(sql);
			}
		}
		boolean randomIds = Boolean.getBoolean("bench.random-entry-ids");
		SpendLedger ledger = new SpendLedger(db, tmp.resolve("journal"), SpendLedger.Settings.of(500, 100_000,
				Duration.ofMillis(200), Duration.ofSeconds(60)));
		ledger.start();
		com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory
			.getThreadMXBean();
		com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
			.getOperatingSystemMXBean();
		long self = Thread.currentThread().getId();
		long sent = 0;
		for (int round = 0; round < 4; round++) {
			boolean warmUp = round == 0;
			long cpu0 = os.getProcessCpuTime() - mx.getCurrentThreadCpuTime();
			long alloc0 = allocated(mx) - mx.getThreadAllocatedBytes(self);
			long written0 = ledger.written();
			long n = 0;
			long start = System.nanoTime();
			long end = start + (warmUp ? Math.max(10, seconds) : seconds) * 1_000_000_000L;
			while (System.nanoTime() < end) {
				long due = start + n * 1_000_000_000L / rate;
				long wait = due - System.nanoTime();
				if (wait > 0) {
					java.util.concurrent.locks.LockSupport.parkNanos(wait);
					continue;
				}
				ThreadLocalRandom r = ThreadLocalRandom.current();
				String id = new UUID(r.nextLong(), r.nextLong()).toString();
				SpendRecord row = SpendRows.row(id, "0.000123", "k" + (n % 50), "t" + (n % 5))
					.withEntryId(randomIds ? new UUID(r.nextLong(), r.nextLong()).toString() : EntryIds.next());
				ledger.enqueue(row);
				n++;
			}
			sent += n;
			long target0 = written0 + n;
			while (ledger.written() < target0) {
				Thread.sleep(1);
			}
			long cpu = os.getProcessCpuTime() - mx.getCurrentThreadCpuTime() - cpu0;
			long alloc = allocated(mx) - mx.getThreadAllocatedBytes(self) - alloc0;
			if (!warmUp) {
				System.out.printf("rate %s %d rows/s: %d rows; process CPU %.1f us/row, allocated %.0f B/row"
						+ " (generator thread excluded; journal %d B)%n", target, rate, n, cpu / 1000.0 / n,
						(double) alloc / n, ledger.journalBytes());
			}
		}
		ledger.close();
		ds.close();
		if (schema != null) {
			schema.close();
		}
	}

	/** Bytes allocated so far by the live threads. */
	private static long allocated(com.sun.management.ThreadMXBean mx) {
		long[] ids = mx.getAllThreadIds();
		long sum = 0;
		for (long b : mx.getThreadAllocatedBytes(ids)) {
			sum += Math.max(0, b);
		}
		return sum;
	}

	static void journal(int rate, int seconds, boolean fsync) throws Exception {
		Path tmp = Files.createTempDirectory("journal-bench");
		SpendJournal journal = new SpendJournal(new JournalSegments(tmp),
				new SpendJournal.Settings(100_000, Duration.ofMillis(5), fsync, 64L << 20, Duration.ofSeconds(30)));
		java.util.concurrent.atomic.AtomicLong groups = new java.util.concurrent.atomic.AtomicLong();
		journal.connect(g -> groups.incrementAndGet(), () -> false);
		journal.start();
		java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
		long writerId = Thread.getAllStackTraces().keySet().stream()
			.filter(t -> t.getName().equals("llm-spend-journal")).findFirst().orElseThrow().getId();
		SpendRecord[] rows = new SpendRecord[1000];
		for (int i = 0; i < rows.length; i++) {
			rows[i] = SpendRows.row("r" + i + "-" + UUID.randomUUID(), "0.000123", "k" + (i % 50), "t" + (i % 5));
		}
		// warm-up
		for (int i = 0; i < 50_000; i++) {
			while (!journal.offer(rows[i % rows.length])) {
				Thread.onSpinWait();
			}
		}
		while (journal.journalled() < 50_000) {
			Thread.sleep(10);
		}
		Thread.sleep(100);
		long cpu0 = mx.getThreadCpuTime(writerId);
		long groups0 = groups.get();
		long journalled0 = journal.journalled();
		long bytes0 = journal.bytes();
		long offerNanos = 0;
		long n = 0;
		long start = System.nanoTime();
		long end = start + seconds * 1_000_000_000L;
		while (System.nanoTime() < end) {
			if (rate > 0) {
				long due = start + n * 1_000_000_000L / rate;
				while (System.nanoTime() < due) {
					Thread.onSpinWait();
				}
			}
			long t = System.nanoTime();
			boolean ok = journal.offer(rows[(int) (n % rows.length)]);
			offerNanos += System.nanoTime() - t;
			if (ok) {
				n++;
			}
		}
		while (journal.journalled() - journalled0 < n) {
			Thread.sleep(1);
		}
		double elapsed = (System.nanoTime() - start) / 1e9;
		long cpu = mx.getThreadCpuTime(writerId) - cpu0;
		long g = groups.get() - groups0;
		System.out.printf("journal fsync=%s rate=%s: %d rows in %.1f s; writer CPU %.1f us/row; enqueue %.0f ns/row;"
				+ " %.0f group commits/s (%.1f rows each); %d bytes/row%n", fsync ? "always" : "never",
				rate == 0 ? "max" : rate + "/s", n, elapsed, cpu / 1000.0 / n, (double) offerNanos / n, g / elapsed,
				(double) n / Math.max(1, g), (journal.bytes() - bytes0) / Math.max(1, n));
		journal.close();
		try (var files = Files.list(tmp)) {
			files.forEach(f -> f.toFile().delete());
		}
		tmp.toFile().delete();
	}

	static void filter(int iterations) {
		Deployment d = SpendFixtures.deployment("gpt-4o", "openai", "gpt-4o");
		ModelGroup group = new ModelGroup("gpt-4o", List.of(d));
		BudgetTracker budgets = new BudgetTracker(
				List.of(new LlmSpendProperties.Budget("team", "*", new BigDecimal("1000000"), null, "monthly").toRule(0)),
				new BigDecimal("0.8"), Clock.systemUTC(), a -> {
				});
		SpendRecorder recorder = new SpendRecorder(SpendFixtures.catalog(), budgets, null,
				new SpendMetrics(new SimpleMeterRegistry(), null), false);
		HoldEstimator holds = new HoldEstimator(SpendFixtures.catalog(), new TokenEstimator(), 256);
		GatewayFilter filter = new LlmSpendGatewayFilterFactory(recorder, budgets, holds, false)
			.apply(new LlmSpendGatewayFilterFactory.Config());
		Identity caller = new Identity("k1", null, "u1", "t1", Set.of(), null,
				new Identity.Budget(new BigDecimal("1000000"), null, "1d"), Map.of(), false);
		ChatRequest request = new ChatRequest();
		request.model("gpt-4o");
		request.messages().add(Message.text(Role.USER, "hi"));
		long bestBase = Long.MAX_VALUE;
		long bestWith = Long.MAX_VALUE;
		long bestWork = Long.MAX_VALUE;
		for (int round = 0; round < 5; round++) {
			bestBase = Math.min(bestBase, run(iterations, request, caller, group, d, null) / iterations);
			bestWith = Math.min(bestWith, run(iterations, request, caller, group, d, filter) / iterations);
			bestWork = Math.min(bestWork, spendWork(iterations, request, caller, group, d, budgets, holds, recorder) / iterations);
		}
		System.out.printf("filter: mock exchange + chain %d ns/request, with LlmSpend %d ns/request (best of 5);"
				+ " spend work alone (hold estimate + budget check + price + cost + budgets + metrics) %d ns/request%n", bestBase,
				bestWith, bestWork);
	}

	/** Only what LlmSpend does per request, without the mock exchange around it. */
	private static long spendWork(int iterations, ChatRequest request, Identity caller, ModelGroup group, Deployment d,
			BudgetTracker budgets, HoldEstimator holds, SpendRecorder recorder) {
		Usage usage = new Usage(1200, 300, 800, 0, 0);
		long start = System.nanoTime();
		for (int i = 0; i < iterations; i++) {
			LlmExchange llm = new LlmExchange("w" + i, Protocol.OPENAI, null, null, request);
			llm.identity(caller);
			llm.group(group);
			BudgetDecision decision = budgets.admit(caller, null, llm.requestId(), () -> holds.estimate(llm),
					hold -> llm.attributes().put(LlmSpendGatewayFilterFactory.HOLD, hold)).block();
			if (!decision.isAdmitted()) {
				throw new IllegalStateException("budget");
			}
			llm.deployment(d);
			llm.usage(usage);
			recorder.onComplete(llm);
		}
		return System.nanoTime() - start;
	}

	private static long run(int iterations, ChatRequest request, Identity caller, ModelGroup group, Deployment d,
			GatewayFilter filter) {
		long start = System.nanoTime();
		for (int i = 0; i < iterations; i++) {
			MockServerWebExchange exchange = MockServerWebExchange
				.from(MockServerHttpRequest.post("/v1/chat/completions").build());
			LlmExchange llm = new LlmExchange("b" + i, Protocol.OPENAI, new LlmSpendFilterTests.FakeCodec(), null,
					request);
			llm.identity(caller);
			llm.group(group);
			exchange.getAttributes().put(LlmExchange.ATTRIBUTE, llm);
			Mono<Void> dispatch = Mono.fromRunnable(() -> {
				llm.deployment(d);
				llm.usage(new Usage(1200, 300, 800, 0, 0));
			});
			if (filter == null) {
				dispatch.block();
			}
			else {
				filter.filter(exchange, e -> dispatch).block();
			}
			llm.complete(Completion.SUCCESS);
		}
		return System.nanoTime() - start;
	}

}

package io.llmgateway.gateway.spend.ledger;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import com.zaxxer.hikari.HikariDataSource;
import io.llmgateway.gateway.store.LlmDatabase;
import io.llmgateway.gateway.support.PostgresSchema;

/**
 * Ledger benchmarks (run by {@code bench/spend.sh}, not by the test suite):
 * <ul>
 * <li>{@code ledger h2|postgres ROWS}: sustained rows/s from enqueue to committed in the database;</li>
 * <li>{@code rate h2|postgres RATE SECONDS}: the whole ledger at a steady rate, as a gateway runs it: CPU of the
 * whole process and bytes allocated by all its threads per row;</li>
 * <li>{@code journal RATE SECONDS}: what the write-ahead journal costs per row at RATE rows/s (0: as fast as
 * possible), with fsync on each group commit and without: CPU of the writer thread, time of the request thread's
 * enqueue, group commits per second, bytes per row.</li>
 * </ul>
 */
public final class LedgerBenchmark {

	private LedgerBenchmark() {
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
		com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory
			.getThreadMXBean();
		com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory
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
					LockSupport.parkNanos(wait);
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
		AtomicLong groups = new AtomicLong();
		journal.connect(g -> groups.incrementAndGet(), () -> false);
		journal.start();
		java.lang.management.ThreadMXBean mx = ManagementFactory.getThreadMXBean();
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
}

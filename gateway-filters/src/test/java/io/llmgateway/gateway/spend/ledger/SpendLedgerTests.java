package io.llmgateway.gateway.spend.ledger;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import com.zaxxer.hikari.HikariDataSource;
import io.llmgateway.gateway.store.LlmDatabase;
import io.llmgateway.gateway.support.H2Memory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DelegatingDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The journalled ledger on the embedded H2 database: idempotence, outages (also one that breaks a commit's
 * acknowledgement), a crash's journal replayed at restart, the full queue and the size limit (backpressure), and the
 * shutdown flush.
 */
class SpendLedgerTests {

	private static final SpendLedger.Settings SETTINGS = SpendLedger.Settings.of(100, 10_000, Duration.ofMillis(20),
			Duration.ofSeconds(10));

	@TempDir
	Path journalDir;

	private HikariDataSource h2;

	private FlakyDataSource flaky;

	private LlmDatabase db;

	private JdbcTemplate jdbc;

	@BeforeEach
	void database() {
		h2 = H2Memory.dataSource();
		h2.setMaximumPoolSize(4);
		flaky = new FlakyDataSource(h2);
		db = database(flaky);
		db.migrate();
		jdbc = new JdbcTemplate(h2);
	}

	static LlmDatabase database(javax.sql.DataSource ds) {
		return new LlmDatabase(() -> ds, "", Executors.newFixedThreadPool(2), Duration.ofMillis(100));
	}

	@AfterEach
	void close() {
		db.close();
		h2.close();
	}

	@Test
	void concurrentRowsAreWrittenExactlyOnce() throws Exception {
		SpendLedger ledger = new SpendLedger(db, journalDir, SETTINGS);
		ledger.start();
		ExecutorService pool = Executors.newFixedThreadPool(8);
		for (int t = 0; t < 8; t++) {
			int thread = t;
			pool.submit(() -> IntStream.range(0, 250)
				.forEach(i -> ledger.enqueue(SpendRows.row("r-" + thread + "-" + i, "0.000123", "k" + thread, "t1"))));
		}
		pool.shutdown();
		assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
		// the same entries again (a replay): ignored by the database
		IntStream.range(0, 100).forEach(i -> ledger.enqueue(SpendRows.row("r-0-" + i, "0.000123", "k0", "t1")));
		ledger.close();
		assertThat(count()).isEqualTo(2000);
		assertThat(jdbc.queryForObject("SELECT SUM(cost) FROM llm_spend_log", BigDecimal.class))
			.isEqualByComparingTo("0.246");
		assertThat(ledger.backlog()).isZero();
		assertThat(segments()).as("a clean stop leaves no journal").isEmpty();
	}

	@Test
	void aReusedRequestIdStillGetsItsOwnRow() {
		SpendLedger ledger = new SpendLedger(db, journalDir, SETTINGS);
		ledger.start();
		ledger.enqueue(SpendRows.row("client-id", "0.5", "k", "t").withEntryId("e1"));
		ledger.enqueue(SpendRows.row("client-id", "0.5", "k", "t").withEntryId("e2"));
		ledger.close();
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM llm_spend_log WHERE request_id = 'client-id'", Long.class))
			.isEqualTo(2);
	}

	@Test
	void outageKeepsRowsInTheJournalAndShipsThemWhenTheDatabaseReturns() throws Exception {
		SpendLedger ledger = new SpendLedger(db, journalDir, SETTINGS);
		ledger.start();
		IntStream.range(0, 50).forEach(i -> ledger.enqueue(SpendRows.row("a" + i, "0.01", "k", "t")));
		await().atMost(Duration.ofSeconds(10)).until(() -> count() == 50);
		flaky.down = true;
		IntStream.range(0, 300).forEach(i -> ledger.enqueue(SpendRows.row("b" + i, "0.01", "k", "t")));
		await().atMost(Duration.ofSeconds(10)).until(() -> ledger.databaseDown() && ledger.journalBytes() > 0);
		assertThat(ledger.buffered()).as("an outage costs disk, not memory").isZero();
		flaky.down = false;
		IntStream.range(0, 50).forEach(i -> ledger.enqueue(SpendRows.row("c" + i, "0.01", "k", "t")));
		await().atMost(Duration.ofSeconds(10)).until(() -> count() == 400 && ledger.backlog() == 0);
		assertThat(jdbc.queryForObject("SELECT SUM(cost) FROM llm_spend_log", BigDecimal.class))
			.isEqualByComparingTo("4.00");
		assertThat(ledger.dropped()).isZero();
		ledger.close();
	}

	@Test
	void aCommitWhoseAcknowledgementIsLostIsReplayedWithoutDuplicates() throws Exception {
		AtomicInteger commitsToBreak = new AtomicInteger();
		LlmDatabase lossy = database(new LostAckDataSource(h2, commitsToBreak));
		lossy.migrate();
		commitsToBreak.set(3);
		SpendLedger ledger = new SpendLedger(lossy, journalDir, SETTINGS);
		ledger.start();
		for (int i = 0; i < 600; i++) {
			ledger.enqueue(SpendRows.row("ack" + i, "0.001", "k", "t"));
			if (i % 50 == 0) {
				Thread.sleep(5);
			}
		}
		await().atMost(Duration.ofSeconds(15)).until(() -> count() == 600 && ledger.backlog() == 0);
		ledger.close();
		assertThat(commitsToBreak.get()).as("commits were acknowledged as failures").isLessThanOrEqualTo(0);
		assertThat(count()).isEqualTo(600);
		assertThat(jdbc.queryForObject("SELECT COUNT(DISTINCT entry_id) FROM llm_spend_log", Long.class)).isEqualTo(600);
		assertThat(jdbc.queryForObject("SELECT SUM(cost) FROM llm_spend_log", BigDecimal.class))
			.isEqualByComparingTo("0.6");
		lossy.close();
	}

	@Test
	void aRestartShipsTheJournalTheLastRunCouldNot() throws Exception {
		flaky.down = true;
		SpendLedger first = new SpendLedger(db, journalDir, SETTINGS);
		first.start();
		IntStream.range(0, 120).forEach(i -> first.enqueue(SpendRows.row("s" + i, "0.5", "k", "t")));
		first.close();
		assertThat(count()).isZero();
		assertThat(segments()).isNotEmpty();

		flaky.down = false;
		SpendLedger second = new SpendLedger(db, journalDir, SETTINGS);
		second.start();
		await().atMost(Duration.ofSeconds(10)).until(() -> count() == 120);
		second.close();
		assertThat(segments()).isEmpty();
		assertThat(jdbc.queryForObject("SELECT SUM(cost) FROM llm_spend_log", BigDecimal.class))
			.isEqualByComparingTo("60");
	}

	@Test
	void theJournalACrashLeavesIsReplayedOnceTornLastLineIncluded() throws Exception {
		SpendLedger first = new SpendLedger(db, journalDir, SETTINGS);
		first.start();
		IntStream.range(0, 70).forEach(i -> first.enqueue(SpendRows.row("pre" + i, "0.1", "k", "t")));
		await().atMost(Duration.ofSeconds(10)).until(() -> count() == 70);
		flaky.down = true;
		IntStream.range(0, 130).forEach(i -> first.enqueue(SpendRows.row("crash" + i, "0.1", "k", "t")));
		await().atMost(Duration.ofSeconds(10)).until(() -> first.buffered() == 0 && first.journalBytes() > 0);
		// what kill -9 leaves: the files as they are now, and a half-written line at the end
		Path crashed = Files.createDirectory(journalDir.resolveSibling(journalDir.getFileName() + "-crashed"));
		for (Path segment : segments()) {
			Files.copy(segment, crashed.resolve(segment.getFileName()));
		}
		List<Path> copies = list(crashed);
		// the first bytes of a frame whose write the crash cut short
		Files.write(copies.get(copies.size() - 1), new byte[] { JournalCodec.MAGIC, 0, 0, 1, 0, 1, 'r' },
				StandardOpenOption.APPEND);
		first.close();

		flaky.down = false;
		SpendLedger second = new SpendLedger(db, crashed, SETTINGS);
		second.start();
		await().atMost(Duration.ofSeconds(10)).until(() -> count() == 200);
		second.close();
		assertThat(jdbc.queryForObject("SELECT COUNT(DISTINCT request_id) FROM llm_spend_log", Long.class)).isEqualTo(200);
		assertThat(list(crashed)).isEmpty();
	}

	@Test
	void aFullQueueRefusesAdmissionThenDropsAndCountsWhatDoesNotFit() throws Exception {
		// a long group-commit interval keeps the writer away while the queue fills
		SpendLedger ledger = new SpendLedger(db, journalDir, new SpendLedger.Settings(100, 10, Duration.ofMillis(20),
				Duration.ofMillis(1500), true, 1 << 20, 1L << 30, Duration.ofSeconds(10)));
		ledger.start();
		ledger.enqueue(SpendRows.row("first", "0.1", "k", "t"));
		await().atMost(Duration.ofSeconds(5)).until(() -> ledger.buffered() == 0);
		int accepted = 0;
		boolean refusedBeforeFull = false;
		for (int i = 0; i < 20; i++) {
			if (!ledger.admits() && ledger.buffered() < 10) {
				refusedBeforeFull = true;
			}
			if (ledger.enqueue(SpendRows.row("q" + i, "0.1", "k", "t"))) {
				accepted++;
			}
		}
		assertThat(refusedBeforeFull).as("admission stops before the queue is full").isTrue();
		// 10 fit the queue, one more when the writer already took one to wait for its group commit
		assertThat(accepted).isBetween(10, 11);
		assertThat(ledger.dropped()).isEqualTo(20 - accepted);
		int expected = 1 + accepted;
		await().atMost(Duration.ofSeconds(10)).until(() -> count() == expected);
		assertThat(ledger.admits()).isTrue();
		ledger.close();
	}

	@Test
	void aJournalPastItsMaximumSizeRefusesAdmissionUntilShipped() throws Exception {
		SpendLedger ledger = new SpendLedger(db, journalDir, new SpendLedger.Settings(100, 1000, Duration.ofMillis(20),
				Duration.ofMillis(5), true, 1 << 20, 2_000, Duration.ofSeconds(10)));
		ledger.start();
		flaky.down = true;
		assertThat(ledger.admits()).isTrue();
		IntStream.range(0, 10).forEach(i -> ledger.enqueue(SpendRows.row("big" + i, "0.1", "k", "t")));
		await().atMost(Duration.ofSeconds(5)).until(() -> !ledger.admits());
		flaky.down = false;
		await().atMost(Duration.ofSeconds(10)).until(() -> count() == 10);
		// the rotated segment goes once shipped: room again
		await().atMost(Duration.ofSeconds(10)).until(ledger::admits);
		ledger.close();
	}

	@Test
	void shutdownWritesAndShipsEverythingQueued() throws Exception {
		SpendLedger ledger = new SpendLedger(db, journalDir, new SpendLedger.Settings(1000, 10_000,
				Duration.ofSeconds(30), Duration.ofMillis(500), true, 1 << 20, 1L << 30, Duration.ofSeconds(10)));
		ledger.start();
		IntStream.range(0, 300).forEach(i -> ledger.enqueue(SpendRows.row("bye" + i, "0.01", "k", "t")));
		ledger.close();
		assertThat(count()).isEqualTo(300);
		assertThat(segments()).isEmpty();
	}

	@Test
	void shutdownDuringAnOutageKeepsTheRowsInTheJournal() throws Exception {
		flaky.down = true;
		SpendLedger ledger = new SpendLedger(db, journalDir, SETTINGS);
		ledger.start();
		IntStream.range(0, 40).forEach(i -> ledger.enqueue(SpendRows.row("kept" + i, "0.01", "k", "t")));
		ledger.close();
		assertThat(journalled(journalDir)).isEqualTo(40);
	}

	@Test
	void twoInstancesNeverShareJournalSegments() throws Exception {
		flaky.down = true;
		SpendLedger a = new SpendLedger(db, journalDir, SETTINGS);
		SpendLedger b = new SpendLedger(db, journalDir, SETTINGS);
		a.start();
		b.start();
		IntStream.range(0, 30).forEach(i -> a.enqueue(SpendRows.row("a" + i, "0.1", "k", "t")));
		IntStream.range(0, 20).forEach(i -> b.enqueue(SpendRows.row("b" + i, "0.1", "k", "t")));
		a.close();
		b.close();
		assertThat(list(journalDir.resolve("slot-1"))).as("the second instance took a slot of its own").isNotEmpty();
		flaky.down = false;
		SpendLedger first = new SpendLedger(db, journalDir, SETTINGS);
		SpendLedger second = new SpendLedger(db, journalDir, SETTINGS);
		first.start();
		second.start();
		await().atMost(Duration.ofSeconds(10)).until(() -> count() == 50);
		first.close();
		second.close();
	}

	@Test
	void journalRecordsKeepEveryFieldExactly() {
		SpendRecord row = SpendRows.row("exact", "0.000000375000001", "k", "t");
		SpendRecord full = new SpendRecord("r-é", row.startedAt(), 7, null, null, "clé", null, "t", "ünï", "m", null,
				"p", "m2", "route", "anthropic", true, 1, 2, 3, 4, 5, new BigDecimal("-12345678901234567890.123456789012345"),
				true, new BigDecimal("0.1"), 499, "CANCELLED", "timeout", 3, "none", null, null, "{\"q\":\"€\"}", "",
				true, EntryIds.next());
		JournalCodec codec = new JournalCodec();
		JournalCodec.Buffer buffer = new JournalCodec.Buffer(16);
		codec.encode(row, buffer);
		int second = buffer.size;
		codec.encode(full, buffer);
		assertThat(codec.frameLength(buffer.bytes, 0, buffer.size)).isEqualTo(second);
		assertThat(JournalCodec.decode(buffer.bytes, 0)).isEqualTo(row);
		assertThat(JournalCodec.decode(buffer.bytes, second)).isEqualTo(full);
		assertThat(codec.frameLength(buffer.bytes, second, buffer.size - 1)).as("cut short").isZero();
		buffer.bytes[second + 20] ^= 1;
		assertThat(codec.frameLength(buffer.bytes, second, buffer.size)).as("damaged").isEqualTo(-1);
	}

	@Test
	void jsonLinesOfEarlierVersionsAreStillRead() throws Exception {
		SpendRecord row = SpendRows.row("exact", "0.000000375000001", "k", "t");
		byte[] line = JournalSegments.JSON.writeValueAsBytes(row);
		assertThat(JournalSegments.decode(line)).isEqualTo(row);
		// a line journalled before entry ids existed: keyed by its request id, as migration V3_0 keys old rows
		String legacy = JournalSegments.JSON.writeValueAsString(row).replace(",\"entryId\":\"exact\"", "");
		assertThat(legacy).doesNotContain("entryId");
		assertThat(JournalSegments.decode(legacy.getBytes()).entryId()).isEqualTo("exact");

		// a segment an earlier version left (JSON lines), shipped by this one
		StringBuilder segment = new StringBuilder();
		for (int i = 0; i < 30; i++) {
			segment.append(JournalSegments.JSON.writeValueAsString(SpendRows.row("old" + i, "0.5", "k", "t"))).append('\n');
		}
		Files.createDirectories(journalDir);
		Files.writeString(journalDir.resolve(JournalSegments.PREFIX + String.format("%016d", 7) + JournalSegments.SUFFIX),
				segment);
		SpendLedger ledger = new SpendLedger(db, journalDir, SETTINGS);
		ledger.start();
		ledger.enqueue(SpendRows.row("new", "0.5", "k", "t"));
		await().atMost(Duration.ofSeconds(10)).until(() -> count() == 31);
		ledger.close();
		assertThat(segments()).isEmpty();
	}

	@Test
	void aDamagedRecordIsSkippedAndCountedAndTheOthersShipped() throws Exception {
		flaky.down = true;
		SpendLedger first = new SpendLedger(db, journalDir, SETTINGS);
		first.start();
		IntStream.range(0, 20).forEach(i -> first.enqueue(SpendRows.row("d" + i, "0.1", "k", "t")));
		first.close();
		Path segment = segments().get(0);
		byte[] bytes = Files.readAllBytes(segment);
		bytes[40] ^= 0x55; // inside the first record's payload
		Files.write(segment, bytes);

		flaky.down = false;
		SpendLedger second = new SpendLedger(db, journalDir, SETTINGS);
		second.start();
		await().atMost(Duration.ofSeconds(10)).until(() -> count() == 19);
		assertThat(second.dropped()).isEqualTo(1);
		second.close();
	}

	@Test
	void anOutageDuringABatchReplaysItFromTheJournalWithoutDuplicates() throws Exception {
		AtomicInteger batchesToBreak = new AtomicInteger();
		LlmDatabase breaking = database(new BrokenBatchDataSource(h2, batchesToBreak));
		breaking.migrate();
		batchesToBreak.set(2);
		SpendLedger ledger = new SpendLedger(breaking, journalDir, SETTINGS);
		ledger.start();
		for (int i = 0; i < 500; i++) {
			ledger.enqueue(SpendRows.row("mid" + i, "0.001", "k", "t").withEntryId(EntryIds.next()));
			if (i % 50 == 0) {
				Thread.sleep(5);
			}
		}
		await().atMost(Duration.ofSeconds(15)).until(() -> count() == 500 && ledger.backlog() == 0);
		ledger.close();
		assertThat(batchesToBreak.get()).as("batches failed half-way").isLessThanOrEqualTo(0);
		assertThat(jdbc.queryForObject("SELECT COUNT(DISTINCT entry_id) FROM llm_spend_log", Long.class)).isEqualTo(500);
		assertThat(ledger.dropped()).isZero();
		breaking.close();
	}

	@Test
	void segmentsStayUntilTheDatabaseConfirmsTheirRowsAreDurable() throws Exception {
		AtomicInteger checkpoints = new AtomicInteger();
		CheckpointDataSource refusing = new CheckpointDataSource(h2, checkpoints);
		refusing.fail = true;
		LlmDatabase unsure = database(refusing);
		unsure.migrate();
		SpendLedger first = new SpendLedger(unsure, journalDir, SETTINGS);
		first.start();
		IntStream.range(0, 40).forEach(i -> first.enqueue(SpendRows.row("dur" + i, "0.1", "k", "t")));
		await().atMost(Duration.ofSeconds(10)).until(() -> count() == 40);
		first.close();
		assertThat(checkpoints.get()).as("asked to make the rows durable").isPositive();
		assertThat(journalled(journalDir)).as("kept: the database could not confirm").isEqualTo(40);

		refusing.fail = false;
		SpendLedger second = new SpendLedger(unsure, journalDir, SETTINGS);
		second.start();
		await().atMost(Duration.ofSeconds(10)).until(() -> journalled(journalDir) == 0);
		second.close();
		assertThat(segments()).isEmpty();
		assertThat(count()).as("replayed without duplicates").isEqualTo(40);
		unsure.close();
	}

	private long count() {
		return jdbc.queryForObject("SELECT COUNT(*) FROM llm_spend_log", Long.class);
	}

	/** Rows the journal in {@code dir} holds. */
	private static long journalled(Path dir) throws Exception {
		JournalSegments files = new JournalSegments(dir);
		long rows = 0;
		for (long s : files.list()) {
			rows += files.read(s, 0, -1, Integer.MAX_VALUE).rows().size();
		}
		return rows;
	}

	private List<Path> segments() throws Exception {
		return list(journalDir);
	}

	private static List<Path> list(Path dir) throws Exception {
		try (var s = Files.list(dir)) {
			return s.filter(p -> p.getFileName().toString().startsWith(JournalSegments.PREFIX)).sorted().toList();
		}
	}

	/** A data source the test can take down. */
	static final class FlakyDataSource extends DelegatingDataSource {

		volatile boolean down;

		FlakyDataSource(javax.sql.DataSource target) {
			super(target);
		}

		@Override
		public Connection getConnection() throws SQLException {
			if (down) {
				throw new SQLTransientConnectionException("database down (test)");
			}
			return super.getConnection();
		}
	}

	/** Commits, then reports the commit as a broken connection (the acknowledgement was lost), a few times. */
	static final class LostAckDataSource extends DelegatingDataSource {

		private final AtomicInteger remaining;

		LostAckDataSource(javax.sql.DataSource target, AtomicInteger remaining) {
			super(target);
			this.remaining = remaining;
		}

		@Override
		public Connection getConnection() throws SQLException {
			Connection c = super.getConnection();
			return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
					new Class<?>[] { Connection.class }, (proxy, method, args) -> {
						Object result;
						try {
							result = method.invoke(c, args);
						}
						catch (InvocationTargetException ex) {
							throw ex.getTargetException();
						}
						if (method.getName().equals("commit") && remaining.getAndDecrement() > 0) {
							throw new SQLTransientConnectionException("connection reset after commit (test)", "08006");
						}
						return result;
					});
		}
	}

	/** Runs a batch, then fails as a connection cut before the commit would (the transaction rolls back), a few times. */
	static final class BrokenBatchDataSource extends DelegatingDataSource {

		private final AtomicInteger remaining;

		BrokenBatchDataSource(javax.sql.DataSource target, AtomicInteger remaining) {
			super(target);
			this.remaining = remaining;
		}

		@Override
		public Connection getConnection() throws SQLException {
			Connection c = super.getConnection();
			return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
					new Class<?>[] { Connection.class }, (proxy, method, args) -> {
						Object result = invoke(method, c, args);
						if (method.getName().equals("prepareStatement") && result instanceof PreparedStatement ps) {
							return Proxy.newProxyInstance(PreparedStatement.class.getClassLoader(),
									new Class<?>[] { PreparedStatement.class }, (p, m, a) -> {
										Object r = invoke(m, ps, a);
										if (m.getName().equals("executeBatch") && remaining.getAndDecrement() > 0) {
											throw new SQLTransientConnectionException("connection reset (test)", "08006");
										}
										return r;
									});
						}
						return result;
					});
		}
	}

	/** Counts {@code CHECKPOINT} statements and, while {@code fail}, refuses them. */
	static final class CheckpointDataSource extends DelegatingDataSource {

		private final AtomicInteger checkpoints;

		volatile boolean fail;

		CheckpointDataSource(javax.sql.DataSource target, AtomicInteger checkpoints) {
			super(target);
			this.checkpoints = checkpoints;
		}

		@Override
		public Connection getConnection() throws SQLException {
			Connection c = super.getConnection();
			return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
					new Class<?>[] { Connection.class }, (proxy, method, args) -> {
						Object result = invoke(method, c, args);
						if (method.getName().equals("createStatement") && result instanceof Statement st) {
							return Proxy.newProxyInstance(Statement.class.getClassLoader(),
									new Class<?>[] { Statement.class }, (p, m, a) -> {
										if (m.getName().equals("execute") && a != null
												&& String.valueOf(a[0]).startsWith("CHECKPOINT")) {
											checkpoints.incrementAndGet();
											if (fail) {
												throw new SQLException("cannot checkpoint (test)", "HY000");
											}
										}
										return invoke(m, st, a);
									});
						}
						return result;
					});
		}
	}

	private static Object invoke(java.lang.reflect.Method method, Object target, Object[] args) throws Throwable {
		try {
			return method.invoke(target, args);
		}
		catch (InvocationTargetException ex) {
			throw ex.getTargetException();
		}
	}
}

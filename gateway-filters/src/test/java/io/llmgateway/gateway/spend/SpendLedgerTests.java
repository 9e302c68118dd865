package io.llmgateway.gateway.spend;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import com.zaxxer.hikari.HikariDataSource;
import io.llmgateway.gateway.store.LlmDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DelegatingDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The ledger writer on the embedded H2 database: idempotence, outage spill and replay, restart replay. */
class SpendLedgerTests {

	private static final SpendLedger.Settings SETTINGS = new SpendLedger.Settings(100, 10_000, Duration.ofMillis(20),
			Duration.ofMillis(100), Duration.ofSeconds(10));

	@TempDir
	Path spillDir;

	private HikariDataSource h2;

	private FlakyDataSource flaky;

	private JdbcTemplate jdbc;

	@BeforeEach
	void database() {
		h2 = new HikariDataSource();
		h2.setJdbcUrl("jdbc:h2:mem:" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1");
		h2.setMaximumPoolSize(4);
		new LlmDatabase(h2, Executors.newSingleThreadExecutor()).migrate();
		flaky = new FlakyDataSource(h2);
		jdbc = new JdbcTemplate(h2);
	}

	@AfterEach
	void close() {
		h2.close();
	}

	@Test
	void concurrentRowsAreWrittenExactlyOnce() throws Exception {
		SpendLedger ledger = new SpendLedger(flaky, spillDir, SETTINGS);
		ledger.start();
		ExecutorService pool = Executors.newFixedThreadPool(8);
		for (int t = 0; t < 8; t++) {
			int thread = t;
			pool.submit(() -> IntStream.range(0, 250)
				.forEach(i -> ledger.enqueue(SpendRows.row("r-" + thread + "-" + i, "0.000123", "k" + thread, "t1"))));
		}
		pool.shutdown();
		assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
		// the same request ids again: ignored by the database
		IntStream.range(0, 100).forEach(i -> ledger.enqueue(SpendRows.row("r-0-" + i, "0.000123", "k0", "t1")));
		ledger.close();
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM llm_spend_log", Long.class)).isEqualTo(2000);
		assertThat(jdbc.queryForObject("SELECT SUM(cost) FROM llm_spend_log", BigDecimal.class))
			.isEqualByComparingTo("0.246");
		assertThat(ledger.backlog()).isZero();
	}

	@Test
	void outageSpillsToDiskAndReplaysWhenTheDatabaseReturns() throws Exception {
		SpendLedger ledger = new SpendLedger(flaky, spillDir, SETTINGS);
		ledger.start();
		IntStream.range(0, 50).forEach(i -> ledger.enqueue(SpendRows.row("a" + i, "0.01", "k", "t")));
		await().atMost(Duration.ofSeconds(10)).until(() -> count() == 50);
		flaky.down = true;
		IntStream.range(0, 300).forEach(i -> ledger.enqueue(SpendRows.row("b" + i, "0.01", "k", "t")));
		await().atMost(Duration.ofSeconds(10)).until(() -> ledger.databaseDown() && ledger.spilled() > 0);
		assertThat(spillFiles()).isNotEmpty();
		flaky.down = false;
		IntStream.range(0, 50).forEach(i -> ledger.enqueue(SpendRows.row("c" + i, "0.01", "k", "t")));
		await().atMost(Duration.ofSeconds(10)).until(() -> count() == 400);
		await().atMost(Duration.ofSeconds(5)).until(() -> ledger.backlog() == 0);
		assertThat(spillFiles()).isEmpty();
		assertThat(jdbc.queryForObject("SELECT SUM(cost) FROM llm_spend_log", BigDecimal.class))
			.isEqualByComparingTo("4.00");
		ledger.close();
	}

	@Test
	void aRestartReplaysTheSpillFileOfTheLastRun() throws Exception {
		flaky.down = true;
		SpendLedger first = new SpendLedger(flaky, spillDir, SETTINGS);
		first.start();
		IntStream.range(0, 120).forEach(i -> first.enqueue(SpendRows.row("s" + i, "0.5", "k", "t")));
		first.close();
		assertThat(count()).isZero();
		assertThat(spillFiles()).isNotEmpty();
		assertThat(first.spilled()).isEqualTo(120);

		flaky.down = false;
		SpendLedger second = new SpendLedger(flaky, spillDir, SETTINGS);
		second.start();
		assertThat(count()).isEqualTo(120);
		assertThat(spillFiles()).isEmpty();
		assertThat(second.backlog()).isZero();
		second.close();
	}

	@Test
	void spillFilesKeepEveryFieldExactly() throws Exception {
		SpillFiles files = new SpillFiles(spillDir);
		SpendRecord row = SpendRows.row("exact", "0.000000375000001", "k", "t");
		files.append(List.of(row));
		// a torn last line, as left by a crash mid-write, is skipped
		Files.writeString(files.files().get(0), "{\"requestId\":\"tor", java.nio.file.StandardOpenOption.APPEND);
		files.rotate();
		List<SpendRecord> read = new java.util.ArrayList<>();
		files.replay(files.files().get(0), 10, read::addAll);
		assertThat(read).containsExactly(row);
		assertThat(spillFiles()).isEmpty();
	}

	private long count() {
		return jdbc.queryForObject("SELECT COUNT(*) FROM llm_spend_log", Long.class);
	}

	private List<Path> spillFiles() throws Exception {
		try (var s = Files.list(spillDir)) {
			return s.toList();
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
}

package io.llmgateway.gateway.spend.ledger;

import io.llmgateway.gateway.support.RequiresPostgres;
import io.llmgateway.gateway.support.TcpProxy;
import io.llmgateway.gateway.support.PostgresSchema;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.zaxxer.hikari.HikariDataSource;
import io.llmgateway.gateway.store.LlmDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The ledger writer on the real PostgreSQL, reached through a local TCP proxy the tests cut and reopen: concurrent
 * rows land exactly once, an outage in the middle of a run loses and duplicates nothing, and a restart replays the
 * spill file.
 */
@RequiresPostgres
class SpendLedgerPostgresTests {

	private static final SpendLedger.Settings SETTINGS = SpendLedger.Settings.of(200, 50_000, Duration.ofMillis(20),
			Duration.ofSeconds(10));

	private static PostgresSchema schema;

	private static JdbcTemplate direct;

	private static HikariDataSource directDs;

	@TempDir
	Path spillDir;

	private TcpProxy proxy;

	private HikariDataSource viaProxy;

	private LlmDatabase db;

	@BeforeAll
	static void createSchema() throws Exception {
		schema = new PostgresSchema("spend_ledger");
		directDs = new HikariDataSource();
		directDs.setJdbcUrl(schema.url());
		directDs.setUsername(PostgresSchema.USER);
		directDs.setMaximumPoolSize(2);
		new LlmDatabase(directDs, Executors.newSingleThreadExecutor()).migrate();
		direct = new JdbcTemplate(directDs);
	}

	@AfterAll
	static void dropSchema() throws Exception {
		directDs.close();
		schema.close();
	}

	@BeforeEach
	void proxy() throws Exception {
		direct.update("DELETE FROM llm_spend_log");
		proxy = new TcpProxy(PostgresSchema.HOST, PostgresSchema.PORT);
		viaProxy = new HikariDataSource();
		viaProxy.setJdbcUrl(schema.url(proxy.port()) + "&socketTimeout=5&connectTimeout=1");
		viaProxy.setUsername(PostgresSchema.USER);
		viaProxy.setMaximumPoolSize(2);
		viaProxy.setConnectionTimeout(1000);
		viaProxy.setValidationTimeout(500);
		viaProxy.setInitializationFailTimeout(-1);
		db = new LlmDatabase(() -> viaProxy, "", Executors.newFixedThreadPool(2), Duration.ofMillis(200));
		db.migrate();
	}

	@AfterEach
	void closeProxy() throws Exception {
		db.close();
		viaProxy.close();
		proxy.close();
	}

	@Test
	void concurrentRowsLandExactlyOnceWithTheRightSums() throws Exception {
		SpendLedger ledger = new SpendLedger(db, spillDir, SETTINGS);
		ledger.start();
		int threads = 16;
		int perThread = 500;
		run(threads, perThread, (t, i) -> ledger.enqueue(SpendRows.row("p" + t + "-" + i, "0.0000125", "k" + (t % 4), "team" + (t % 2))));
		ledger.close();
		assertThat(count()).isEqualTo(threads * perThread);
		assertThat(direct.queryForObject("SELECT COUNT(DISTINCT request_id) FROM llm_spend_log", Long.class))
			.isEqualTo(threads * perThread);
		assertThat(direct.queryForObject("SELECT SUM(cost) FROM llm_spend_log", BigDecimal.class))
			.isEqualByComparingTo("0.1");
		assertThat(direct.queryForObject("SELECT SUM(cost) FROM llm_spend_log WHERE team_id = 'team0'", BigDecimal.class))
			.isEqualByComparingTo("0.05");
		assertThat(direct.queryForObject("SELECT SUM(input_tokens + output_tokens) FROM llm_spend_log", Long.class))
			.isEqualTo(150L * threads * perThread);
	}

	@Test
	void databaseUnreachableMidRunStillGivesExactlyNRows() throws Exception {
		SpendLedger ledger = new SpendLedger(db, spillDir, SETTINGS);
		ledger.start();
		int threads = 8;
		int perThread = 400;
		AtomicBoolean sawOutage = new AtomicBoolean();
		CountDownLatch halfway = new CountDownLatch(threads * perThread / 4);
		ExecutorService chaos = Executors.newSingleThreadExecutor();
		var outage = chaos.submit(() -> {
			halfway.await();
			proxy.cut();
			await().atMost(Duration.ofSeconds(10)).until(ledger::databaseDown);
			sawOutage.set(true);
			Thread.sleep(1500);
			proxy.open();
			return null;
		});
		run(threads, perThread, (t, i) -> {
			ledger.enqueue(SpendRows.row("o" + t + "-" + i, "0.001", "k", "t"));
			halfway.countDown();
			sleepQuietly(1);
		});
		outage.get(30, TimeUnit.SECONDS);
		chaos.shutdown();
		assertThat(sawOutage).isTrue();
		await().atMost(Duration.ofSeconds(30)).until(() -> count() == threads * perThread && ledger.backlog() == 0);
		ledger.close();
		assertThat(count()).isEqualTo(threads * perThread);
		assertThat(direct.queryForObject("SELECT SUM(cost) FROM llm_spend_log", BigDecimal.class))
			.isEqualByComparingTo("3.2");
		assertThat(spillFiles()).isEmpty();
		assertThat(ledger.dropped()).isZero();
	}

	@Test
	void aRestartWithANonEmptyJournalReplaysIt() throws Exception {
		proxy.cut();
		SpendLedger first = new SpendLedger(db, spillDir, SETTINGS);
		first.start();
		for (int i = 0; i < 250; i++) {
			first.enqueue(SpendRows.row("restart-" + i, "0.02", "k", "t"));
		}
		first.close();
		assertThat(spillFiles()).isNotEmpty();
		assertThat(count()).isZero();

		proxy.open();
		SpendLedger second = new SpendLedger(db, spillDir, SETTINGS);
		second.start();
		await().atMost(Duration.ofSeconds(15)).until(() -> count() == 250);
		assertThat(direct.queryForObject("SELECT SUM(cost) FROM llm_spend_log", BigDecimal.class))
			.isEqualByComparingTo("5");
		second.close();
		assertThat(spillFiles()).isEmpty();
	}

	private long count() {
		return direct.queryForObject("SELECT COUNT(*) FROM llm_spend_log", Long.class);
	}

	private List<Path> spillFiles() throws Exception {
		try (var s = Files.list(spillDir)) {
			return s.filter(p -> p.getFileName().toString().startsWith(JournalSegments.PREFIX)).toList();
		}
	}

	interface Producer {

		void produce(int thread, int index) throws Exception;
	}

	static void run(int threads, int perThread, Producer producer) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		CountDownLatch start = new CountDownLatch(1);
		var futures = new java.util.ArrayList<java.util.concurrent.Future<?>>();
		for (int t = 0; t < threads; t++) {
			int thread = t;
			futures.add(pool.submit(() -> {
				start.await();
				for (int i = 0; i < perThread; i++) {
					producer.produce(thread, i);
				}
				return null;
			}));
		}
		start.countDown();
		for (var f : futures) {
			f.get(60, TimeUnit.SECONDS);
		}
		pool.shutdown();
	}

	private static void sleepQuietly(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}
}

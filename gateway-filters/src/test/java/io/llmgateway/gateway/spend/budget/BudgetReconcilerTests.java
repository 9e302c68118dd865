package io.llmgateway.gateway.spend.budget;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import com.zaxxer.hikari.HikariDataSource;
import io.llmgateway.gateway.spend.ledger.EntryIds;
import io.llmgateway.gateway.store.LlmDatabase;
import io.llmgateway.gateway.support.H2Memory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import static io.llmgateway.gateway.spend.SpendFixtures.usd;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Budgets reconciled with the ledger, incrementally: every run raises the store to the ledger's exact sums (no entry
 * counted twice however often the cut moves), reads only the entries after the last cut, and the daily full rescan
 * brings back an entry written long after it was made.
 */
class BudgetReconcilerTests {

	private static final AtomicLong SEQUENCE = new AtomicLong();

	private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));

	private final ExecutorService migrations = Executors.newSingleThreadExecutor();

	private HikariDataSource ledger;

	private JdbcTemplate jdbc;

	private BudgetTracker budgets;

	@BeforeEach
	void ledger() {
		ledger = H2Memory.dataSource();
		new LlmDatabase(ledger, migrations).migrate();
		jdbc = new JdbcTemplate(ledger);
		budgets = new BudgetTracker(List.of(), usd("0.8"), clock, a -> {
		});
	}

	@AfterEach
	void close() {
		ledger.close();
		migrations.shutdownNow();
	}

	@Test
	void everyRunRaisesTheStoreToTheLedgersExactSumsAsTheCutMoves() {
		entry("key-a", "team-x", clock.instant().minus(Duration.ofDays(3)), "1.00");
		entry("key-a", "team-x", clock.instant().minus(Duration.ofMinutes(30)), "0.50");
		entry("key-b", "team-x", clock.instant().minusSeconds(10), "0.25");
		budgets.reconcile(ledger);
		assertTotals("1.50", "0.25", "1.75");

		// entries keep arriving; each run moves the cut past what the previous one read only after the cut
		for (int i = 0; i < 6; i++) {
			clock.advance(Duration.ofMinutes(1));
			entry("key-a", "team-x", clock.instant().minusSeconds(5), "0.10");
			budgets.reconcile(ledger);
		}
		assertTotals("2.10", "0.25", "2.35");
		clock.advance(Duration.ofMinutes(10));
		budgets.reconcile(ledger);
		budgets.reconcile(ledger);
		assertTotals("2.10", "0.25", "2.35");
	}

	@Test
	void theCurrentDayWeekAndMonthCountOnlyTheirOwnDays() {
		Instant now = clock.instant();
		entry("key-a", null, now.minus(Duration.ofDays(40)), "5.00"); // last month: only all-time
		entry("key-a", null, now.minus(Duration.ofDays(1)), "2.00"); // yesterday, this week and month
		entry("key-a", null, now.minus(Duration.ofHours(1)), "0.30"); // today, folded below the cut
		entry("key-a", null, now.minusSeconds(20), "0.04"); // today, after the cut
		budgets.reconcile(ledger);
		assertThat(spent("key-a", BudgetPeriod.TOTAL)).isEqualByComparingTo("7.34");
		assertThat(spent("key-a", BudgetPeriod.MONTHLY)).isEqualByComparingTo("2.34");
		assertThat(spent("key-a", BudgetPeriod.WEEKLY)).isEqualByComparingTo("2.34");
		assertThat(spent("key-a", BudgetPeriod.DAILY)).isEqualByComparingTo("0.34");

		// the next day: the folded sums of the days before are kept for the week and month, not for the day
		clock.set(Instant.parse("2026-11-26T09:00:00Z"));
		entry("key-a", null, clock.instant().minus(Duration.ofMinutes(5)), "0.01");
		budgets.reconcile(ledger);
		assertThat(spent("key-a", BudgetPeriod.DAILY)).isEqualByComparingTo("0.01");
		assertThat(spent("key-a", BudgetPeriod.WEEKLY)).isEqualByComparingTo("2.35");
		assertThat(spent("key-a", BudgetPeriod.TOTAL)).isEqualByComparingTo("7.35");
	}

	@Test
	void aRunReadsOnlyEntriesAfterTheCutAndTheDailyRescanBringsBackALateOne() {
		entry("key-a", null, clock.instant().minus(Duration.ofHours(2)), "1.00");
		budgets.reconcile(ledger);
		assertThat(spent("key-a", BudgetPeriod.TOTAL)).isEqualByComparingTo("1.00");

		// written now, made an hour ago (a database outage longer than the settle lag): below the cut, not re-read
		entry("key-a", null, clock.instant().minus(Duration.ofHours(1)), "3.00");
		clock.advance(Duration.ofMinutes(5));
		budgets.reconcile(ledger);
		assertThat(spent("key-a", BudgetPeriod.TOTAL)).as("runs read after the cut only").isEqualByComparingTo("1.00");

		clock.advance(BudgetReconciler.FULL_RESCAN);
		budgets.reconcile(ledger);
		assertThat(spent("key-a", BudgetPeriod.TOTAL)).isEqualByComparingTo("4.00");
	}

	@Test
	void entryIdsBeforeTheVersionSevenIdsAreCountedOnce() {
		// rows written before migration V3_0 carry their request id (any string) as entry id
		entry("key-a", null, "req-from-an-old-client", clock.instant().minus(Duration.ofDays(2)), "1.00");
		entry("key-a", null, "ffffffff-ffff-4fff-bfff-ffffffffffff", clock.instant().minus(Duration.ofDays(2)), "2.00");
		for (int i = 0; i < 4; i++) {
			budgets.reconcile(ledger);
			clock.advance(Duration.ofMinutes(3));
		}
		assertThat(spent("key-a", BudgetPeriod.TOTAL)).isEqualByComparingTo("3.00");
	}

	private void assertTotals(String keyA, String keyB, String teamX) {
		assertThat(spent("key-a", BudgetPeriod.TOTAL)).as("key-a").isEqualByComparingTo(keyA);
		assertThat(spent("key-b", BudgetPeriod.TOTAL)).as("key-b").isEqualByComparingTo(keyB);
		assertThat(budgets.spent(BudgetScope.TEAM, "team-x", BudgetPeriod.TOTAL, clock.instant()).block()).as("team-x")
			.isEqualByComparingTo(teamX);
	}

	private BigDecimal spent(String key, BudgetPeriod period) {
		return budgets.spent(BudgetScope.KEY, key, period, clock.instant()).block();
	}

	/** A ledger entry made (completed) at {@code madeAt}, with a version 7 id of that instant. */
	private void entry(String key, String team, Instant madeAt, String cost) {
		String floor = EntryIds.floor(madeAt.toEpochMilli());
		String id = floor.substring(0, 24) + String.format("%012x", SEQUENCE.incrementAndGet());
		entry(key, team, id, madeAt, cost);
	}

	private void entry(String key, String team, String entryId, Instant madeAt, String cost) {
		jdbc.update("INSERT INTO llm_spend_log (entry_id, request_id, started_at, spend_day, duration_ms, key_id,"
				+ " team_id, stream, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens,"
				+ " reasoning_tokens, usage_estimated, cost, cache_hit, status, outcome, attempts, price_source)"
				+ " VALUES (?, ?, ?, ?, 1, ?, ?, false, 1, 1, 0, 0, 0, false, ?, false, 200, 'success', 1, 'config')",
				entryId, entryId, Timestamp.from(madeAt), madeAt.atOffset(ZoneOffset.UTC).toLocalDate(), key, team,
				new BigDecimal(cost));
	}
}

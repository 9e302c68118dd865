package io.llmgateway.gateway.spend.budget;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.llmgateway.gateway.spend.report.SpendReportStore;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Raises a budget store's current spend to the ledger's: all-time totals and per-day sums since the start of this
 * week or month (whichever is earlier, or of the earliest fixed window in use). The store keeps the larger figure,
 * so completions the ledger has not written yet are not lost, and spend a shared store missed (an outage, a Redis
 * restart) comes back. Blocking: runs off the event loop.
 */
final class BudgetReconciler {

	private final BudgetStore store;

	private final Clock clock;

	private final Set<BudgetPeriod> fixedPeriods;

	private final boolean trackEndUsers;

	BudgetReconciler(BudgetStore store, Clock clock, Set<BudgetPeriod> fixedPeriods, boolean trackEndUsers) {
		this.store = store;
		this.clock = clock;
		this.fixedPeriods = fixedPeriods;
		this.trackEndUsers = trackEndUsers;
	}

	void reconcile(DataSource ledger) {
		// JdbcTemplate stays out of BudgetTracker's signature: that bean also exists in applications without Spring JDBC
		SpendReportStore ledgerSums = new SpendReportStore(new JdbcTemplate(ledger));
		Instant now = clock.instant();
		LocalDate since = BudgetPeriod.MONTHLY.start(now).isBefore(BudgetPeriod.WEEKLY.start(now))
				? BudgetPeriod.MONTHLY.start(now).atOffset(ZoneOffset.UTC).toLocalDate()
				: BudgetPeriod.WEEKLY.start(now).atOffset(ZoneOffset.UTC).toLocalDate();
		for (BudgetPeriod fixed : fixedPeriods) {
			LocalDate start = fixed.start(now).atOffset(ZoneOffset.UTC).toLocalDate();
			if (start.isBefore(since)) {
				since = start;
			}
		}
		Map<BudgetStore.Counted, BigDecimal> sums = new LinkedHashMap<>();
		BudgetStore.Window total = window(BudgetPeriod.TOTAL, now);
		for (BudgetScope scope : BudgetScope.values()) {
			if (scope == BudgetScope.END_USER && !trackEndUsers) {
				continue;
			}
			ledgerSums.totals(scope.column(), (id, sum) -> add(sums, BudgetTracker.account(scope, id), total, sum));
			ledgerSums.dailyTotals(scope.column(), since,
					(id, day, sum) -> addDay(sums, BudgetTracker.account(scope, id), day, sum, now));
		}
		store.raise(new ArrayList<>(sums.keySet()), new ArrayList<>(sums.values()));
	}

	private void addDay(Map<BudgetStore.Counted, BigDecimal> sums, String account, LocalDate day, BigDecimal sum,
			Instant now) {
		Instant dayStart = day.atStartOfDay().toInstant(ZoneOffset.UTC);
		List<BudgetPeriod> periods = new ArrayList<>(List.of(BudgetPeriod.DAILY, BudgetPeriod.WEEKLY, BudgetPeriod.MONTHLY));
		periods.addAll(fixedPeriods);
		for (BudgetPeriod p : periods) {
			// a day counts towards a window only when the whole day lies inside it (fixed windows shorter than a day
			// therefore start from zero after a restart)
			Instant end = p.end(now);
			if (!dayStart.isBefore(p.start(now)) && !dayStart.plusSeconds(86_400).isAfter(end)) {
				add(sums, account, window(p, now), sum);
			}
		}
	}

	private static void add(Map<BudgetStore.Counted, BigDecimal> sums, String account, BudgetStore.Window window,
			BigDecimal sum) {
		if (sum != null) {
			sums.merge(new BudgetStore.Counted(account, window), sum, BigDecimal::add);
		}
	}

	private static BudgetStore.Window window(BudgetPeriod period, Instant now) {
		return new BudgetStore.Window(period.windowKey(now), period.family(), period.end(now));
	}
}

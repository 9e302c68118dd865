package io.llmgateway.gateway.spend.budget;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.llmgateway.gateway.spend.ledger.EntryIds;
import io.llmgateway.gateway.spend.report.SpendReportStore;
import io.llmgateway.gateway.spend.report.SpendReportStore.EntryRange;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Raises a budget store's current spend to the ledger's: all-time totals and per-day sums since the start of this
 * week or month (whichever is earlier, or of the earliest fixed window in use). The store keeps the larger figure,
 * so completions the ledger has not written yet are not lost, and spend a shared store missed (an outage, a Redis
 * restart) comes back. Blocking: runs off the event loop, one run at a time.
 * <p>
 * Incremental, because the ledger only grows: summing all of it every few minutes cost a scan of every row ever
 * written, on the embedded database in the gateway's own process (at a million rows a run allocated gigabytes).
 * The ledger's entry ids are time-ordered, so the id space is cut at {@link #SETTLE_LAG} before now: entries up to
 * the cut are summed once and kept here ("folded"), and each run reads only the entries after the last cut, through
 * the primary key. Each id range is read into the folded sums exactly once, so no entry counts twice. An entry
 * written more than {@link #SETTLE_LAG} after it was made (a database outage longer than that, a journal replayed
 * after a long stop) lands below the cut and is missed until the next full rescan, every {@link #FULL_RESCAN} and at
 * start-up; the budget store itself was charged when the request completed, so only a store that also lost that
 * charge waits for it.
 */
final class BudgetReconciler {

	/** How long after it is made an entry is assumed to be in the ledger. */
	static final Duration SETTLE_LAG = Duration.ofMinutes(2);

	/** How often the folded sums are rebuilt from the whole ledger. */
	static final Duration FULL_RESCAN = Duration.ofHours(24);

	private final BudgetStore store;

	private final Clock clock;

	private final Set<BudgetPeriod> fixedPeriods;

	private final boolean trackEndUsers;

	/** Sums of the entries with ids up to {@link #cut}; null until the first run. */
	private Sums folded;

	private String cut;

	private Instant rescannedAt;

	BudgetReconciler(BudgetStore store, Clock clock, Set<BudgetPeriod> fixedPeriods, boolean trackEndUsers) {
		this.store = store;
		this.clock = clock;
		this.fixedPeriods = fixedPeriods;
		this.trackEndUsers = trackEndUsers;
	}

	synchronized void reconcile(DataSource ledger) {
		// JdbcTemplate stays out of BudgetTracker's signature: that bean also exists in applications without Spring JDBC
		SpendReportStore entries = new SpendReportStore(new JdbcTemplate(ledger));
		Instant now = clock.instant();
		LocalDate since = since(now);
		String newCut = EntryIds.floor(now.minus(SETTLE_LAG).toEpochMilli());
		if (folded == null || !now.isBefore(rescannedAt.plus(FULL_RESCAN))) {
			Sums all = read(entries, new EntryRange(null, newCut), since);
			folded = all;
			cut = newCut;
			rescannedAt = now;
		}
		else if (newCut.compareTo(cut) > 0) {
			Sums more = read(entries, new EntryRange(cut, newCut), since);
			folded.add(more);
			cut = newCut;
		}
		folded.dropDaysBefore(since);
		Sums recent = read(entries, new EntryRange(cut, null), since);
		Map<BudgetStore.Counted, BigDecimal> sums = new LinkedHashMap<>();
		windows(folded, sums, now);
		windows(recent, sums, now);
		store.raise(new ArrayList<>(sums.keySet()), new ArrayList<>(sums.values()));
	}

	/** The earliest day a current window starts on. */
	private LocalDate since(Instant now) {
		Instant earliest = BudgetPeriod.MONTHLY.start(now).isBefore(BudgetPeriod.WEEKLY.start(now))
				? BudgetPeriod.MONTHLY.start(now) : BudgetPeriod.WEEKLY.start(now);
		for (BudgetPeriod fixed : fixedPeriods) {
			Instant start = fixed.start(now);
			if (start.isBefore(earliest)) {
				earliest = start;
			}
		}
		return earliest.atOffset(ZoneOffset.UTC).toLocalDate();
	}

	private Sums read(SpendReportStore entries, EntryRange range, LocalDate since) {
		Sums sums = new Sums();
		entries.costs(range, (keyId, userId, teamId, endUser, day, cost) -> {
			if (cost == null) {
				return;
			}
			sums.add(BudgetScope.KEY, keyId, day, cost, since);
			sums.add(BudgetScope.USER, userId, day, cost, since);
			sums.add(BudgetScope.TEAM, teamId, day, cost, since);
			if (trackEndUsers) {
				sums.add(BudgetScope.END_USER, endUser, day, cost, since);
			}
		});
		return sums;
	}

	/** Adds the sums' totals and days to the windows of {@code now} they count in. */
	private void windows(Sums from, Map<BudgetStore.Counted, BigDecimal> sums, Instant now) {
		BudgetStore.Window total = window(BudgetPeriod.TOTAL, now);
		List<BudgetPeriod> periods = new ArrayList<>(List.of(BudgetPeriod.DAILY, BudgetPeriod.WEEKLY, BudgetPeriod.MONTHLY));
		periods.addAll(fixedPeriods);
		from.accounts.forEach((account, a) -> {
			sums.merge(new BudgetStore.Counted(account, total), a.total, BigDecimal::add);
			a.days.forEach((day, sum) -> {
				Instant dayStart = day.atStartOfDay().toInstant(ZoneOffset.UTC);
				for (BudgetPeriod p : periods) {
					// a day counts towards a window only when the whole day lies inside it (fixed windows shorter than a
					// day therefore start from zero after a restart)
					if (!dayStart.isBefore(p.start(now)) && !dayStart.plusSeconds(86_400).isAfter(p.end(now))) {
						sums.merge(new BudgetStore.Counted(account, window(p, now)), sum, BigDecimal::add);
					}
				}
			});
		});
	}

	private static BudgetStore.Window window(BudgetPeriod period, Instant now) {
		return new BudgetStore.Window(period.windowKey(now), period.family(), period.end(now));
	}

	/** Cost per account: all-time, and per day from the earliest day a current window needs. */
	private static final class Sums {

		final Map<String, Account> accounts = new HashMap<>();

		void add(BudgetScope scope, String id, LocalDate day, BigDecimal cost, LocalDate since) {
			if (id == null) {
				return;
			}
			Account a = accounts.computeIfAbsent(BudgetTracker.account(scope, id), k -> new Account());
			a.total = a.total.add(cost);
			if (day != null && !day.isBefore(since)) {
				a.days.merge(day, cost, BigDecimal::add);
			}
		}

		void add(Sums other) {
			other.accounts.forEach((account, o) -> {
				Account a = accounts.computeIfAbsent(account, k -> new Account());
				a.total = a.total.add(o.total);
				o.days.forEach((day, cost) -> a.days.merge(day, cost, BigDecimal::add));
			});
		}

		/** Windows only move forward: days before the earliest current window are never needed again. */
		void dropDaysBefore(LocalDate since) {
			accounts.values().forEach(a -> a.days.headMap(since).clear());
		}
	}

	private static final class Account {

		BigDecimal total = BigDecimal.ZERO;

		final TreeMap<LocalDate, BigDecimal> days = new TreeMap<>();
	}
}

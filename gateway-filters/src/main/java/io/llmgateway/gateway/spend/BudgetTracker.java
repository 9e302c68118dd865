package io.llmgateway.gateway.spend;

import java.math.BigDecimal;
import java.sql.Date;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import io.llmgateway.gateway.core.Identity;
import io.llmgateway.gateway.core.LlmAlert;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Current spend per key, user, team (and end user, when an end-user budget is configured) for the current day, ISO
 * week, month, all time and any fixed window a budget uses, kept in memory so that the budget check before dispatch
 * costs no database round trip. Loaded from the ledger once at start-up ({@link #reconcile}), then advanced by every
 * completed request. Windows reset by construction: each window has its own key, so a new day starts at zero.
 * <p>
 * Requests in flight are not reserved: a burst of concurrent requests can overshoot a hard limit by at most their
 * own cost (documented in docs/spend.md). Budgets with a fixed window shorter than a day start from zero after a
 * restart; calendar windows are reconciled from the ledger.
 */
public final class BudgetTracker {

	private static final List<BudgetPeriod> CALENDAR = List.of(BudgetPeriod.DAILY, BudgetPeriod.WEEKLY,
			BudgetPeriod.MONTHLY, BudgetPeriod.TOTAL);

	private final List<BudgetRule> configured;

	private final BigDecimal alertThreshold;

	private final Clock clock;

	private final Consumer<LlmAlert> alerts;

	private final boolean trackEndUsers;

	/** Fixed windows used by some budget, counted for every id from the moment they are first seen. */
	private final Set<BudgetPeriod> fixedPeriods = ConcurrentHashMap.newKeySet();

	private final Map<String, Map<String, BigDecimal>> spend = new ConcurrentHashMap<>();

	private final Set<String> fired = ConcurrentHashMap.newKeySet();

	/** The current window of each period, so that the hot path does not format dates on every request. */
	private final Map<BudgetPeriod, Window> currentWindows = new ConcurrentHashMap<>();

	public BudgetTracker(List<BudgetRule> configured, BigDecimal alertThreshold, Clock clock,
			Consumer<LlmAlert> alerts) {
		this.configured = List.copyOf(configured);
		this.alertThreshold = alertThreshold;
		this.clock = clock;
		this.alerts = alerts;
		this.trackEndUsers = configured.stream().anyMatch(r -> r.scope() == BudgetScope.END_USER);
		configured.forEach(this::register);
	}

	private void register(BudgetRule rule) {
		if (rule.period().kind() == BudgetPeriod.Kind.FIXED) {
			fixedPeriods.add(rule.period());
		}
	}

	/** The first hard budget this caller has used up, or null when the request may proceed. */
	public BudgetViolation check(Identity identity, String endUser) {
		Instant now = clock.instant();
		for (Applicable a : applicable(identity, endUser)) {
			BudgetRule rule = a.rule();
			if (rule.maxBudget() == null) {
				continue;
			}
			BigDecimal spent = spent(rule.scope(), a.id(), rule.period(), now);
			if (spent.compareTo(rule.maxBudget()) >= 0) {
				return new BudgetViolation(rule, a.id(), spent, rule.period().end(now));
			}
		}
		return null;
	}

	/** Adds a completed request's cost to every window of every id it belongs to, then fires due alerts once. */
	public void record(Identity identity, String endUser, BigDecimal cost) {
		if (cost == null || cost.signum() <= 0) {
			return;
		}
		Instant now = clock.instant();
		List<Applicable> rules = applicable(identity, endUser);
		rules.forEach(a -> register(a.rule()));
		add(BudgetScope.KEY, identity.keyId(), cost, now);
		add(BudgetScope.USER, identity.userId(), cost, now);
		add(BudgetScope.TEAM, identity.teamId(), cost, now);
		if (trackEndUsers) {
			add(BudgetScope.END_USER, endUser, cost, now);
		}
		for (Applicable a : rules) {
			alertIfDue(a, now);
		}
	}

	/** What an id has spent in the window of {@code period} containing {@code now}. */
	public BigDecimal spent(BudgetScope scope, String id, BudgetPeriod period, Instant now) {
		Map<String, BigDecimal> windows = spend.get(key(scope, id));
		BigDecimal v = windows == null ? null : windows.get(windowKey(period, now));
		return v == null ? BigDecimal.ZERO : v;
	}

	private void add(BudgetScope scope, String id, BigDecimal cost, Instant now) {
		if (id == null) {
			return;
		}
		Map<String, BigDecimal> windows = spend.computeIfAbsent(key(scope, id), k -> new ConcurrentHashMap<>());
		for (BudgetPeriod p : CALENDAR) {
			addTo(windows, p, now, cost);
		}
		for (BudgetPeriod p : fixedPeriods) {
			addTo(windows, p, now, cost);
		}
	}

	private void addTo(Map<String, BigDecimal> windows, BudgetPeriod period, Instant now, BigDecimal cost) {
		String current = windowKey(period, now);
		if (windows.merge(current, cost, BigDecimal::add) == cost && period.kind() != BudgetPeriod.Kind.TOTAL) {
			// a new window started: forget the ended ones of this period
			String family = period.family();
			windows.keySet().removeIf(k -> k.startsWith(family) && !k.equals(current));
		}
	}

	private void alertIfDue(Applicable a, Instant now) {
		BudgetRule rule = a.rule();
		BigDecimal spent = spent(rule.scope(), a.id(), rule.period(), now);
		String window = windowKey(rule.period(), now);
		String condition = "budget:" + rule.scope().label() + ":" + a.id() + ":" + window;
		BigDecimal soft = rule.alertAt(alertThreshold);
		if (soft != null && spent.compareTo(soft) >= 0 && fired.add(condition + ":soft")) {
			alerts.accept(alert("budget_threshold", condition, "soft", a, spent, soft, now));
		}
		if (rule.maxBudget() != null && spent.compareTo(rule.maxBudget()) >= 0 && fired.add(condition + ":hard")) {
			alerts.accept(alert("budget_exceeded", condition, "hard", a, spent, rule.maxBudget(), now));
		}
	}

	private static LlmAlert alert(String kind, String condition, String level, Applicable a, BigDecimal spent,
			BigDecimal limit, Instant now) {
		BudgetRule rule = a.rule();
		String message = (level.equals("soft") ? "Budget alert: " : "Budget exhausted: ") + rule.scope().label() + " '"
				+ a.id() + "' spent $" + spent.stripTrailingZeros().toPlainString() + " of $"
				+ (rule.maxBudget() == null ? limit : rule.maxBudget()).stripTrailingZeros().toPlainString() + " ("
				+ rule.period().label() + ")";
		Map<String, Object> details = new java.util.LinkedHashMap<>();
		details.put("scope", rule.scope().label());
		details.put("id", a.id());
		details.put("period", rule.period().label());
		details.put("window", rule.period().windowKey(now));
		details.put("spent", spent.stripTrailingZeros().toPlainString());
		details.put("threshold", limit.stripTrailingZeros().toPlainString());
		if (rule.maxBudget() != null) {
			details.put("maxBudget", rule.maxBudget().stripTrailingZeros().toPlainString());
		}
		details.put("origin", rule.origin());
		return new LlmAlert(kind, condition + ":" + level, message, details, now);
	}

	/** The budgets that apply to one request, each with the id it applies to. */
	List<Applicable> applicable(Identity identity, String endUser) {
		List<Applicable> out = new ArrayList<>(2);
		own(out, BudgetScope.KEY, identity.keyId(), identity.budget());
		own(out, BudgetScope.TEAM, identity.teamId(), identity.teamBudget());
		own(out, BudgetScope.USER, identity.userId(), identity.userBudget());
		for (BudgetRule rule : configured) {
			String id = switch (rule.scope()) {
				case KEY -> identity.keyId();
				case USER -> identity.userId();
				case TEAM -> identity.teamId();
				case END_USER -> endUser;
			};
			if (rule.matches(rule.scope(), id)) {
				out.add(new Applicable(rule, id));
			}
		}
		return out;
	}

	/** The key's, team's or user's own budget (from the virtual key store), applied to that id. */
	private static void own(List<Applicable> out, BudgetScope scope, String id, Identity.Budget budget) {
		if (id != null && budget != null && (budget.maxBudget() != null || budget.softBudget() != null)) {
			out.add(new Applicable(new BudgetRule(scope, id, budget.maxBudget(), budget.softBudget(),
					periodOf(budget.period()), "identity"), id));
		}
	}

	/** A period the key store let through but we cannot read counts over all time: the strictest reading. */
	private static BudgetPeriod periodOf(String period) {
		try {
			return BudgetPeriod.parse(period);
		}
		catch (IllegalArgumentException ex) {
			return BudgetPeriod.TOTAL;
		}
	}

	/**
	 * Loads current spend from the ledger: all-time totals and per-day sums since the start of this week or month
	 * (whichever is earlier). Called once at start-up, before traffic, off the event loop.
	 */
	public void reconcile(JdbcTemplate jdbc) {
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
		for (BudgetScope scope : BudgetScope.values()) {
			if (scope == BudgetScope.END_USER && !trackEndUsers) {
				continue;
			}
			String col = scope.column();
			jdbc.query("SELECT " + col + ", SUM(cost) FROM llm_spend_log WHERE " + col + " IS NOT NULL GROUP BY " + col,
					rs -> {
						put(scope, rs.getString(1), BudgetPeriod.TOTAL.windowKey(now), rs.getBigDecimal(2));
					});
			jdbc.query("SELECT " + col + ", spend_day, SUM(cost) FROM llm_spend_log WHERE " + col
					+ " IS NOT NULL AND spend_day >= ? GROUP BY " + col + ", spend_day", rs -> {
						LocalDate day = rs.getObject(2, LocalDate.class);
						addDay(scope, rs.getString(1), day, rs.getBigDecimal(3), now);
					}, Date.valueOf(since));
		}
	}

	private void addDay(BudgetScope scope, String id, LocalDate day, BigDecimal sum, Instant now) {
		Instant dayStart = day.atStartOfDay().toInstant(ZoneOffset.UTC);
		List<BudgetPeriod> periods = new ArrayList<>(List.of(BudgetPeriod.DAILY, BudgetPeriod.WEEKLY, BudgetPeriod.MONTHLY));
		periods.addAll(fixedPeriods);
		for (BudgetPeriod p : periods) {
			// a day counts towards a window only when the whole day lies inside it (fixed windows shorter than a day
			// therefore start from zero after a restart)
			Instant end = p.end(now);
			if (!dayStart.isBefore(p.start(now)) && !dayStart.plusSeconds(86_400).isAfter(end)) {
				spend.computeIfAbsent(key(scope, id), k -> new ConcurrentHashMap<>()).merge(p.windowKey(now), sum,
						BigDecimal::add);
			}
		}
	}

	private void put(BudgetScope scope, String id, String window, BigDecimal sum) {
		if (id != null && sum != null) {
			spend.computeIfAbsent(key(scope, id), k -> new ConcurrentHashMap<>()).put(window, sum);
		}
	}

	/** {@link BudgetPeriod#windowKey}, computed once per window. */
	private String windowKey(BudgetPeriod period, Instant now) {
		Window w = currentWindows.get(period);
		if (w == null || now.isBefore(w.start()) || (w.end() != null && !now.isBefore(w.end()))) {
			w = new Window(period.windowKey(now), period.start(now), period.end(now));
			currentWindows.put(period, w);
		}
		return w.key();
	}

	/** One window of a period: its key and bounds ({@code end} null for all-time). */
	private record Window(String key, Instant start, Instant end) {
	}

	private static String key(BudgetScope scope, String id) {
		return scope.ordinal() + ":" + id;
	}

	/** A budget and the id it applies to for one request. */
	record Applicable(BudgetRule rule, String id) {
	}
}

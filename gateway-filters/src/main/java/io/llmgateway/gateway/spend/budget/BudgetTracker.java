package io.llmgateway.gateway.spend.budget;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.llmgateway.gateway.core.BackendBreaker;
import io.llmgateway.gateway.core.BackendFailures;
import io.llmgateway.gateway.core.Identity;
import io.llmgateway.gateway.core.LlmAlert;
import io.llmgateway.translate.model.ErrorType;
import io.llmgateway.translate.model.LlmError;
import javax.sql.DataSource;
import reactor.core.publisher.Mono;

/**
 * Budgets per key, user, team and end user: which ones apply to a request, the check before dispatch, the charge at
 * completion and the alerts. Counting is the {@link BudgetStore}'s, in memory or in Redis, so the check costs no
 * database round trip; the store is reconciled with the ledger at start-up and periodically ({@link #reconcile}).
 * <p>
 * Spend is counted for the current day, ISO week, month, all time and any fixed window a budget uses, for every key,
 * user and team (and end user when an end-user budget exists), so a budget added later starts from the right figure.
 * Windows reset by construction: each window has its own key. A request that some hard budget applies to holds its
 * estimated cost ({@link BudgetHold}) on those budgets while it runs, and is admitted only while
 * {@code spent + held < max-budget}: a burst of concurrent requests cannot all pass a budget that only one fits in.
 */
public final class BudgetTracker {

	private static final List<BudgetPeriod> CALENDAR = List.of(BudgetPeriod.DAILY, BudgetPeriod.WEEKLY,
			BudgetPeriod.MONTHLY, BudgetPeriod.TOTAL);

	private static final Mono<BudgetDecision> ADMITTED = Mono.just(BudgetDecision.ADMITTED);

	/** Failed admissions in a row after which the store is left alone for a moment. */
	private static final int TRIP_AFTER = 3;

	private final List<BudgetRule> configured;

	private final BigDecimal alertThreshold;

	private final Clock clock;

	private final Consumer<LlmAlert> alerts;

	private final BudgetStore store;

	private final StorePolicy policy;

	private final boolean trackEndUsers;

	/** Fixed windows used by some budget, counted for every id from the moment they are first seen. */
	private final Set<BudgetPeriod> fixedPeriods = ConcurrentHashMap.newKeySet();

	/**
	 * After {@link #TRIP_AFTER} admissions in a row failed, a shared store is not asked for four timeouts: requests
	 * get the failure policy at once instead of each waiting for the store to fail again. Null for the local store.
	 */
	private final BackendBreaker breaker;

	/** The current window of each period, so that the hot path does not format dates on every request. */
	private final Map<BudgetPeriod, CurrentWindow> currentWindows = new ConcurrentHashMap<>();

	/** Keeps the ledger's sums between runs, so each run reads only what the ledger gained since. */
	private final BudgetReconciler reconciler;

	/**
	 * How calls to a shared store are bounded: a timeout, what happens when it fails, and where failures are counted.
	 * {@link #LOCAL} for the in-memory store, which answers at once and cannot fail.
	 */
	public record StorePolicy(Duration timeout, boolean failOpen, BackendFailures failures) {

		public static final StorePolicy LOCAL = new StorePolicy(null, true, null);
	}

	/** In-memory budgets (one instance), as in tests. */
	public BudgetTracker(List<BudgetRule> configured, BigDecimal alertThreshold, Clock clock,
			Consumer<LlmAlert> alerts) {
		this(configured, alertThreshold, clock, alerts, new LocalBudgetStore(), StorePolicy.LOCAL);
	}

	public BudgetTracker(List<BudgetRule> configured, BigDecimal alertThreshold, Clock clock,
			Consumer<LlmAlert> alerts, BudgetStore store, StorePolicy policy) {
		this.configured = List.copyOf(configured);
		this.alertThreshold = alertThreshold;
		this.clock = clock;
		this.alerts = alerts;
		this.store = store;
		this.policy = policy;
		this.breaker = policy.timeout() == null ? null
				: new BackendBreaker(TRIP_AFTER, policy.timeout().multipliedBy(4));
		this.trackEndUsers = configured.stream().anyMatch(r -> r.scope() == BudgetScope.END_USER);
		configured.forEach(this::register);
		this.reconciler = new BudgetReconciler(store, clock, fixedPeriods, trackEndUsers);
	}

	public BudgetStore store() {
		return store;
	}

	private void register(BudgetRule rule) {
		if (rule.period().kind() == BudgetPeriod.Kind.FIXED) {
			fixedPeriods.add(rule.period());
		}
	}

	/**
	 * The check before dispatch. When hard budgets apply, atomically checks them (spend plus what requests in flight
	 * hold) and holds {@code estimate} on them; the decision carries the hold, which {@link #settle} releases.
	 *
	 * @param estimate the request's expected cost, computed only when some hard budget applies
	 * @param onHold receives the hold before the store is asked, so a request that ends while the answer is on its
	 * way still settles (and releases) it
	 */
	public Mono<BudgetDecision> admit(Identity identity, String endUser, String requestId,
			Supplier<BigDecimal> estimate, Consumer<BudgetHold> onHold) {
		List<Applicable> rules = applicable(identity, endUser);
		List<BudgetStore.Limit> limits = null;
		List<Applicable> limiting = null;
		Instant now = null;
		for (Applicable a : rules) {
			if (a.rule().maxBudget() == null) {
				continue;
			}
			if (limits == null) {
				limits = new ArrayList<>(2);
				limiting = new ArrayList<>(2);
				now = clock.instant();
			}
			register(a.rule());
			limits.add(new BudgetStore.Limit(a.account(), window(a.rule().period(), now), a.rule().maxBudget()));
			limiting.add(a);
		}
		if (limits == null) {
			return ADMITTED;
		}
		List<String> holders = new ArrayList<>(limits.size());
		for (BudgetStore.Limit l : limits) {
			if (!holders.contains(l.account())) {
				holders.add(l.account());
			}
		}
		if (breaker != null && !breaker.allow()) {
			// the store failed moments ago: do not make every request wait for it to fail again
			return Mono.just(unavailable(null));
		}
		BigDecimal amount = estimate == null ? null : estimate.get();
		BudgetHold hold = new BudgetHold(requestId, List.copyOf(holders),
				amount == null || amount.signum() < 0 ? BigDecimal.ZERO : amount);
		if (onHold != null) {
			onHold.accept(hold);
		}
		List<Applicable> checked = limiting;
		Instant at = now;
		return bounded(store.reserve(requestId, limits, hold.accounts(), hold.amount())).map(r -> {
			if (breaker != null) {
				breaker.success();
			}
			if (hold.admitted(r.admitted(), true)) {
				releaseLate(hold);
			}
			if (r.admitted()) {
				return BudgetDecision.admitted(hold);
			}
			Applicable a = checked.get(r.denied());
			return new BudgetDecision(null,
					new BudgetViolation(a.rule(), a.id(), r.spent(), r.held(), a.rule().period().end(at)), null);
		}).onErrorResume(ex -> {
			if (policy.failures() != null) {
				policy.failures().failedAdmission("reserve", ex, policy.failOpen());
			}
			if (breaker != null) {
				breaker.failure();
			}
			if (hold.admitted(false, false)) {
				releaseLate(hold);
			}
			return Mono.just(unavailable(hold));
		});
	}

	/** The failure policy's decision when the store cannot answer: admit unchecked, or refuse with a 503. */
	private BudgetDecision unavailable(BudgetHold hold) {
		if (policy.failOpen()) {
			return BudgetDecision.admitted(hold);
		}
		return new BudgetDecision(null, null, LlmError.of(ErrorType.UNAVAILABLE, "budget_store_unavailable",
				"Budgets cannot be checked right now (the budget store did not answer); retry shortly."));
	}

	/**
	 * The charge at completion: releases the request's hold (if any), adds {@code cost} to every window of every id
	 * the request belongs to, and fires due alerts once per window. Completes when the store has answered; callers
	 * on the completion path subscribe and move on.
	 */
	public Mono<Void> settle(BudgetHold hold, Identity identity, String endUser, BigDecimal cost, String requestId) {
		boolean release = hold != null && hold.settle();
		boolean charge = cost != null && cost.signum() > 0;
		if (!release && !charge) {
			return Mono.empty();
		}
		List<BudgetStore.Counted> windows = List.of();
		List<BudgetStore.Watch> watches = List.of();
		List<Applicable> watched = List.of();
		Instant now = clock.instant();
		if (charge) {
			List<Applicable> rules = applicable(identity, endUser);
			rules.forEach(a -> register(a.rule()));
			windows = windows(identity, endUser, now);
			watches = new ArrayList<>(2);
			watched = new ArrayList<>(2);
			for (Applicable a : rules) {
				watch(a, windows, now, watches, watched);
			}
		}
		List<BudgetStore.Watch> w = watches;
		List<Applicable> forAlerts = watched;
		String id = hold != null ? hold.id() : requestId;
		// not bounded by the admission timeout: nothing waits for it, and Redis's own client timeout ends it
		return store.settle(id, release ? hold.accounts() : List.of(), release ? hold.amount() : BigDecimal.ZERO,
				windows, charge ? cost : BigDecimal.ZERO, w)
			.doOnNext(settled -> fire(settled, w, forAlerts, now))
			.onErrorResume(ex -> {
				// the ledger has the row: the next reconciliation restores the spend; an unreleased hold ends with
				// its lease
				failed("settle", ex);
				return Mono.empty();
			})
			.then();
	}

	/** What an id has spent in the window of {@code period} containing {@code now}. */
	public Mono<BigDecimal> spent(BudgetScope scope, String id, BudgetPeriod period, Instant now) {
		return store.spent(account(scope, id), window(period, now));
	}

	private <T> Mono<T> bounded(Mono<T> call) {
		return policy.timeout() == null ? call : call.timeout(policy.timeout());
	}

	private void releaseLate(BudgetHold hold) {
		store.settle(hold.id(), hold.accounts(), hold.amount(), List.of(), BigDecimal.ZERO, List.of())
			.subscribe(s -> {
			}, ex -> failed("release", ex));
	}

	private void failed(String operation, Throwable ex) {
		if (policy.failures() != null) {
			policy.failures().failed(operation, ex);
		}
	}

	/** Every window the request's spend counts in: all calendar and fixed windows of its key, user, team, end user. */
	private List<BudgetStore.Counted> windows(Identity identity, String endUser, Instant now) {
		List<BudgetStore.Counted> out = new ArrayList<>(16);
		addWindows(out, BudgetScope.KEY, identity.keyId(), now);
		addWindows(out, BudgetScope.USER, identity.userId(), now);
		addWindows(out, BudgetScope.TEAM, identity.teamId(), now);
		if (trackEndUsers) {
			addWindows(out, BudgetScope.END_USER, endUser, now);
		}
		return out;
	}

	private void addWindows(List<BudgetStore.Counted> out, BudgetScope scope, String id, Instant now) {
		if (id == null) {
			return;
		}
		String account = account(scope, id);
		for (BudgetPeriod p : CALENDAR) {
			out.add(new BudgetStore.Counted(account, window(p, now)));
		}
		for (BudgetPeriod p : fixedPeriods) {
			out.add(new BudgetStore.Counted(account, window(p, now)));
		}
	}

	/** The soft and hard thresholds of one budget, watched on its window. */
	private void watch(Applicable a, List<BudgetStore.Counted> windows, Instant now, List<BudgetStore.Watch> watches,
			List<Applicable> watched) {
		BudgetRule rule = a.rule();
		BudgetStore.Window window = window(rule.period(), now);
		int index = windows.indexOf(new BudgetStore.Counted(a.account(), window));
		if (index < 0) {
			return;
		}
		String condition = condition(a, window);
		BigDecimal soft = rule.alertAt(alertThreshold);
		if (soft != null) {
			watches.add(new BudgetStore.Watch(index, soft, condition + ":soft", window.end()));
			watched.add(a);
		}
		if (rule.maxBudget() != null) {
			watches.add(new BudgetStore.Watch(index, rule.maxBudget(), condition + ":hard", window.end()));
			watched.add(a);
		}
	}

	private void fire(BudgetStore.Settled settled, List<BudgetStore.Watch> watches, List<Applicable> watched,
			Instant now) {
		for (int i = 0; i < settled.fired().length; i++) {
			if (settled.fired()[i]) {
				BudgetStore.Watch w = watches.get(i);
				boolean hard = w.firedKey().endsWith(":hard");
				Applicable a = watched.get(i);
				alerts.accept(BudgetAlerts.crossed(w.firedKey(), hard, a.rule(), a.id(), settled.spent()[i],
						w.threshold(), now));
			}
		}
	}

	private static String condition(Applicable a, BudgetStore.Window window) {
		return "budget:" + a.rule().scope().label() + ":" + a.id() + ":" + window.key();
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
	 * Raises the store's current spend to the ledger's ({@link BudgetReconciler}). Runs before traffic at start-up and
	 * then every {@code llm.spend.budget-store.reconcile-interval}, off the event loop.
	 */
	public void reconcile(DataSource ledger) {
		reconciler.reconcile(ledger);
	}

	/** The window of {@code period} containing {@code now}, computed once per window. */
	private BudgetStore.Window window(BudgetPeriod period, Instant now) {
		CurrentWindow w = currentWindows.get(period);
		if (w == null || now.isBefore(w.start()) || (w.window().end() != null && !now.isBefore(w.window().end()))) {
			w = new CurrentWindow(new BudgetStore.Window(period.windowKey(now), period.family(), period.end(now)),
					period.start(now));
			currentWindows.put(period, w);
		}
		return w.window();
	}

	/** One window of a period and its start. */
	private record CurrentWindow(BudgetStore.Window window, Instant start) {
	}

	static String account(BudgetScope scope, String id) {
		return scope.label() + ":" + id;
	}

	/** A budget and the id it applies to for one request. */
	record Applicable(BudgetRule rule, String id) {

		String account() {
			return BudgetTracker.account(rule.scope(), id);
		}
	}
}

package io.llmgateway.gateway.spend.budget;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import reactor.core.publisher.Mono;

/**
 * Where current budget spend and in-flight holds live: in this instance's memory ({@link LocalBudgetStore}) or in
 * Redis, shared by every instance ({@link RedisBudgetStore}). An account is one budgeted id ({@code team:research});
 * a window is one period of it ({@code month:2026-11}). The {@link BudgetTracker} decides which accounts, windows and
 * limits a request involves; the store only counts, atomically.
 */
public interface BudgetStore {

	/** {@code local} or {@code redis}, for metrics and logs. */
	String name();

	/**
	 * Atomically checks every limit against its window's spend plus the holds on its account and, when all pass,
	 * holds {@code amount} on every account of {@code holders} until {@link #settle} releases it (or, on a shared
	 * store, until the hold's lease ends, so a crashed instance cannot keep it).
	 */
	Mono<Reserved> reserve(String holdId, List<Limit> limits, List<String> holders, BigDecimal amount);

	/**
	 * Releases the hold {@code holdId} of {@code amount} on {@code holders} (nothing when it is not held), adds
	 * {@code cost} to every window, and reports for each watch the window's spend and whether this call is the
	 * first to see it reach the threshold in that window.
	 */
	Mono<Settled> settle(String holdId, List<String> holders, BigDecimal amount, List<Counted> windows, BigDecimal cost,
			List<Watch> watches);

	/** What an account has spent in a window. */
	Mono<BigDecimal> spent(String account, Window window);

	/**
	 * Raises each window to at least the ledger's sum (never lowers it: the store also holds completions the ledger
	 * has not written yet). Called off the event loop, at start-up and periodically; may block.
	 */
	void raise(List<Counted> windows, List<BigDecimal> ledgerSums);

	/**
	 * Connects before traffic arrives (a shared store's first connection can take longer than an admission may
	 * wait). Called off the event loop at start-up; failures are the caller's to log.
	 */
	default void warmUp() {
	}

	/**
	 * One period of a budget.
	 *
	 * @param key {@link BudgetPeriod#windowKey}, e.g. {@code day:2026-11-25}
	 * @param family the prefix every window of the same period shares, e.g. {@code day:}
	 * @param end when the window ends, or null for all-time
	 */
	record Window(String key, String family, Instant end) {
	}

	/** A window of one account. */
	record Counted(String account, Window window) {
	}

	/** A hard limit: requests are refused once the window's spend plus holds reach {@code max}. */
	record Limit(String account, Window window, BigDecimal max) {
	}

	/**
	 * A threshold whose first crossing in a window fires an alert once.
	 *
	 * @param window index into the {@code windows} of {@link #settle}
	 * @param firedKey the condition that must fire only once (it carries the window)
	 */
	record Watch(int window, BigDecimal threshold, String firedKey, Instant until) {
	}

	/** The outcome of {@link #reserve}: {@code denied} is the index of the first limit reached, or -1. */
	record Reserved(int denied, BigDecimal spent, BigDecimal held) {

		public static final Reserved ADMITTED = new Reserved(-1, null, null);

		public boolean admitted() {
			return denied < 0;
		}
	}

	/** The outcome of {@link #settle}: per watch, the window's spend after the call and whether it fired. */
	record Settled(BigDecimal[] spent, boolean[] fired) {

		public static final Settled NONE = new Settled(new BigDecimal[0], new boolean[0]);
	}
}

package io.llmgateway.gateway.spend.budget;

import java.math.BigDecimal;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The estimated cost of one request, held against the accounts of its hard budgets from admission until the request
 * ends, so that concurrent requests cannot all pass a budget that only one of them fits in. Released exactly once:
 * when the request settles, or, if it settled while the admission was still on its way to a shared store, as soon as
 * the admission's answer arrives.
 */
public final class BudgetHold {

	private static final int PENDING = 0;

	private static final int HELD = 1;

	/** Admission failed: the store may or may not have applied it; releasing is harmless (idempotent). */
	private static final int UNKNOWN = 2;

	private static final int NOT_HELD = 3;

	private static final int SETTLED = 4;

	private final String id;

	private final List<String> accounts;

	private final BigDecimal amount;

	private final AtomicInteger state = new AtomicInteger(PENDING);

	BudgetHold(String id, List<String> accounts, BigDecimal amount) {
		this.id = id;
		this.accounts = accounts;
		this.amount = amount;
	}

	public String id() {
		return id;
	}

	public List<String> accounts() {
		return accounts;
	}

	public BigDecimal amount() {
		return amount;
	}

	/**
	 * Records the admission's outcome.
	 * @return true when the request already settled and the hold, if the store made it, must be released now
	 */
	boolean admitted(boolean held, boolean certain) {
		int next = !certain ? UNKNOWN : held ? HELD : NOT_HELD;
		return !state.compareAndSet(PENDING, next) && next != NOT_HELD;
	}

	/**
	 * Marks the request settled.
	 * @return true when settlement must release the hold (it is, or may be, held)
	 */
	boolean settle() {
		int was = state.getAndSet(SETTLED);
		return was == HELD || was == UNKNOWN || was == PENDING;
	}
}

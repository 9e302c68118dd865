package io.llmgateway.gateway.ratelimit;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What an admitted request holds until it completes. {@link #settle()} succeeds once, so the refund or charge is
 * applied and the concurrency slots are released exactly once, whoever calls it.
 */
public final class Reservation {

	private final RateLimitPlan plan;

	private final AtomicBoolean settled = new AtomicBoolean();

	Reservation(RateLimitPlan plan) {
		this.plan = plan;
	}

	public RateLimitPlan plan() {
		return plan;
	}

	/** True for the one call that may settle this reservation. */
	boolean settle() {
		return settled.compareAndSet(false, true);
	}

	public boolean isSettled() {
		return settled.get();
	}
}

package io.llmgateway.gateway.core;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fail-fast in front of a shared-state backend (Redis for budgets, rate limits or the response cache): after
 * {@code tripAfter} failed calls in a row the backend is left alone for {@code openFor}, so that requests get their
 * failure policy at once instead of each waiting for the backend to fail again. The first call after that tries
 * again; a success resets the count. Lock-free: one volatile read per call while closed.
 */
public final class BackendBreaker {

	private final int tripAfter;

	private final long openNanos;

	private final AtomicInteger failuresInARow = new AtomicInteger();

	private volatile long openUntilNanos = System.nanoTime();

	public BackendBreaker(int tripAfter, Duration openFor) {
		this.tripAfter = tripAfter;
		this.openNanos = openFor.toNanos();
	}

	/** False while the backend is left alone: the caller applies its failure policy without calling it. */
	public boolean allow() {
		return System.nanoTime() - openUntilNanos >= 0;
	}

	public void success() {
		if (failuresInARow.get() != 0) {
			failuresInARow.set(0);
		}
	}

	public void failure() {
		if (failuresInARow.incrementAndGet() >= tripAfter) {
			openUntilNanos = System.nanoTime() + openNanos;
		}
	}
}

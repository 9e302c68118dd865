package io.llmgateway.gateway.spend.ledger;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The bounded queue between the request threads and the journal writer: many producers, one consumer, a fixed ring
 * allocated once. An offer claims a position with one compare-and-set and stores the row in its slot: no lock, no
 * allocation, no system call, and a full queue answers false at once instead of waiting. The consumer takes rows in
 * the order their positions were claimed; a position claimed but not yet filled ends a drain (the row is taken by the
 * next one).
 */
final class RowQueue<T> {

	private final AtomicReferenceArray<T> slots;

	private final int mask;

	private final int capacity;

	/** Next position to claim (producers). */
	private final AtomicLong tail = new AtomicLong();

	/** Next position to take (written by the consumer only, read by producers for the bound). */
	private final AtomicLong head = new AtomicLong();

	RowQueue(int capacity) {
		if (capacity < 1) {
			throw new IllegalArgumentException("capacity must be >= 1");
		}
		this.capacity = capacity;
		int size = Integer.highestOneBit(Math.max(2, capacity) - 1) << 1;
		this.slots = new AtomicReferenceArray<>(size);
		this.mask = size - 1;
	}

	/** Adds a row unless {@code capacity} rows are waiting; never blocks. */
	boolean offer(T row) {
		long t;
		do {
			t = tail.get();
			if (t - head.get() >= capacity) {
				return false;
			}
		}
		while (!tail.compareAndSet(t, t + 1));
		// the slot's previous row (position t - size < head) was taken and its slot cleared before head moved on
		slots.lazySet((int) (t & mask), row);
		return true;
	}

	/** Takes the oldest row, or null when none is ready. Consumer thread only. */
	T poll() {
		long h = head.get();
		int i = (int) (h & mask);
		T row = slots.get(i);
		if (row == null) {
			return null;
		}
		slots.lazySet(i, null);
		head.lazySet(h + 1);
		return row;
	}

	/** Rows claimed and not yet taken (including rows still being stored by their producer). */
	int size() {
		return (int) Math.max(0, tail.get() - head.get());
	}

	boolean isEmpty() {
		return tail.get() == head.get();
	}

	int capacity() {
		return capacity;
	}
}

package io.llmgateway.translate.stream;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The block bookkeeping every stream encoder whose client numbers its own output needs (Anthropic content blocks,
 * Responses output items): canonical block index → the client's slot. Slots open lazily on their first content, at
 * most one is open, they are numbered 0, 1, 2… in opening order, and a slot that was opened never reopens, so late
 * fragments of a closed block are dropped instead of producing an invalid stream. One instance per stream.
 */
public final class OutputSlots<S extends OutputSlots.Slot> {

	/** One client-side block or item; subclasses add what their protocol writes. */
	public abstract static class Slot {

		int position = -1;

		boolean closed;

		/** The client's index of this slot, or -1 before it opened. */
		public int position() {
			return position;
		}
	}

	private final Map<Integer, S> slots = new HashMap<>();

	private S open;

	private int next;

	/** Records a block announced before its content, keeping one already known. */
	public void declare(int index, S slot) {
		slots.putIfAbsent(index, slot);
	}

	/** The slot of canonical {@code index}, or null. */
	public S get(int index) {
		return slots.get(index);
	}

	public S open() {
		return open;
	}

	/**
	 * The slot that content of canonical {@code index} and a kind goes to: the known one, or a new one from
	 * {@code create} when none is known or the known one is of another kind and never opened.
	 */
	public S slot(int index, Predicate<S> ofKind, Supplier<S> create) {
		S slot = slots.get(index);
		if (slot == null || !ofKind.test(slot) && slot.position < 0) {
			slot = create.get();
			slots.put(index, slot);
		}
		return slot;
	}

	/** False for a slot that opened before (open now or closed): its content can no longer be written. */
	public boolean canOpen(S slot) {
		return !slot.closed && slot.position < 0;
	}

	/** Opens {@code slot} with the next position; the caller closed the previous one first. */
	public void open(S slot) {
		slot.position = next++;
		open = slot;
	}

	/** Closes and returns the open slot, or null when none is open. */
	public S closeOpen() {
		S slot = open;
		if (slot != null) {
			slot.closed = true;
			open = null;
		}
		return slot;
	}
}

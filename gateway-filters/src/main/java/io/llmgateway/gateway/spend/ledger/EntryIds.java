package io.llmgateway.gateway.spend.ledger;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ledger entry ids: UUID version 7 (48 bits of milliseconds, then 74 random bits), so ids made later sort later. The
 * ledger's primary key then grows at its right edge like a sequence instead of landing on a random page of the index
 * with every insert, which on the embedded database made each commit rewrite a page per row. Unique by their random
 * part, as random UUIDs are.
 */
public final class EntryIds {

	private EntryIds() {
	}

	/** A new id, in the canonical 36-character form. */
	public static String next() {
		return next(System.currentTimeMillis()).toString();
	}

	/**
	 * The least id made at {@code epochMillis} or later: every id made before that instant sorts below it, every id
	 * made at or after it sorts at or above it (as strings too: the canonical form is fixed-width lower-case hex).
	 */
	public static String floor(long epochMillis) {
		return new UUID((epochMillis << 16) | 0x7000L, 0x8000000000000000L).toString();
	}

	static UUID next(long epochMillis) {
		ThreadLocalRandom r = ThreadLocalRandom.current();
		long msb = (epochMillis << 16) | 0x7000L | (r.nextLong() & 0x0fffL);
		long lsb = (r.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
		return new UUID(msb, lsb);
	}
}
